package dev.fathom.dashboard.chart;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JavaScript;

/**
 * An Apache ECharts chart. The server sends the whole ECharts option as JSON
 * (https://echarts.apache.org/en/option.html); the {@code <fathom-echart>} element in
 * META-INF/resources/js/fathom-echart.js hands it to {@code echarts.setOption}. ECharts comes from
 * its WebJar and the element is plain JavaScript, so Vaadin's pre-built bundle serves as is and no
 * npm build is needed.
 */
@Tag("fathom-echart")
@JavaScript("context://webjars/echarts/5.3.1/dist/echarts.min.js")
@JavaScript("context://js/fathom-echart.js")
public class EChart extends Component implements HasSize {

    private String option;

    public EChart() {
        // A re-attached component gets a fresh element in the browser, which needs the option again.
        addAttachListener(event -> {
            if (option != null) {
                send();
            }
        });
    }

    /** Replaces the chart's option (not merged with the previous one). */
    public void setOption(String optionJson) {
        this.option = optionJson;
        if (isAttached()) {
            send();
        }
    }

    /** The option last set, as JSON; null before the first. */
    public String getOption() {
        return option;
    }

    private void send() {
        getElement().callJsFunction("setOption", option);
    }
}
