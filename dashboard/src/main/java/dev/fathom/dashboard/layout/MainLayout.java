package dev.fathom.dashboard.layout;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.fathom.dashboard.alert.AlertsView;
import dev.fathom.dashboard.anomaly.AnomaliesView;
import dev.fathom.dashboard.cost.CostView;
import dev.fathom.dashboard.drift.DriftView;
import dev.fathom.dashboard.fleet.FleetView;
import dev.fathom.dashboard.node.NodeView;
import dev.fathom.dashboard.security.SignedInUser;
import dev.fathom.dashboard.slo.SloView;
import dev.fathom.dashboard.timeline.TimelineView;
import java.util.stream.Collectors;

/**
 * The frame around every view: title bar with the signed-in user and logout, and the navigation
 * drawer. A new view adds its route with {@code layout = MainLayout.class} and one
 * {@link SideNavItem} here.
 */
public class MainLayout extends AppLayout {

    public MainLayout(AuthenticationContext authentication) {
        H1 title = new H1("Fathom");
        title.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0");

        SideNav navigation = new SideNav();
        navigation.setId("navigation");
        navigation.addItem(
                new SideNavItem("Fleet", FleetView.class, VaadinIcon.SERVER.create()),
                new SideNavItem("Node", NodeView.class, VaadinIcon.DESKTOP.create()),
                new SideNavItem("Model drift", DriftView.class, VaadinIcon.TRENDING_UP.create()),
                new SideNavItem("SLOs", SloView.class, VaadinIcon.DASHBOARD.create()),
                new SideNavItem("Anomalies", AnomaliesView.class, VaadinIcon.WARNING.create()),
                new SideNavItem("Cost", CostView.class, VaadinIcon.MONEY.create()),
                new SideNavItem("Alerts", AlertsView.class, VaadinIcon.BELL.create()),
                new SideNavItem("Timeline", TimelineView.class, VaadinIcon.TIMER.create()));

        SignedInUser user = SignedInUser.current();
        Span who = new Span(user.name() + " (" + user.roles().stream().map(Enum::name).collect(Collectors.joining(", "))
                + user.team().map(t -> "; team " + t).orElse("") + ")");
        who.setId("signed-in-user");
        who.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");
        Button logout = new Button("Log out", click -> authentication.logout());
        logout.setId("logout");
        logout.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        HorizontalLayout account = new HorizontalLayout(who, logout);
        account.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        account.getStyle().set("margin-left", "auto").set("margin-right", "var(--lumo-space-m)");

        addToNavbar(new DrawerToggle(), title, account);
        addToDrawer(navigation);
    }
}
