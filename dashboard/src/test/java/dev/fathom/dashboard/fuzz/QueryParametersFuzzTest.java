package dev.fathom.dashboard.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.router.QueryParameters;
import dev.fathom.dashboard.view.UrlParameters;
import dev.fathom.local.fuzz.FuzzRun;
import dev.fathom.local.fuzz.Mutations;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The parsing layer every view's filters go through ({@link UrlParameters}), on the same query
 * strings {@link ViewLinksFuzzTest} opens the views with, but without the views: fast enough for
 * 100,000 cases. Every reader gives a usable value (text within bounds and trimmed, a listed
 * choice, a page in range) or the fallback with one bounded sentence naming the parameter.
 */
class QueryParametersFuzzTest {

    private static final Set<String> CHOICES = Set.of("team", "project", "cost_centre", "0.5", "0.9", "off", "30s");

    @Property
    void everyFilterIsAUsableValueOrTheFallbackWithASentence(@ForAll("queries") String query) {
        QueryParameters router = FuzzRun.parse(Mutations.utf8(query), () -> {
            try {
                return QueryParameters.fromString(query);
            } catch (IllegalArgumentException e) {
                // Vaadin's router refuses malformed percent-escapes before any view sees them.
                assertThat(e.getMessage()).startsWith("URLDecoder:");
                return null;
            }
        }, null).value();
        if (router == null) {
            return;
        }
        UrlParameters parameters = UrlParameters.of(router);
        int repeats = parameters.problems().size();
        assertThat(repeats).isLessThanOrEqualTo(router.getParameters().size());
        for (String name : ViewLinksFuzzTest.NAMES) {
            String raw = parameters.raw(name);
            int before = parameters.problems().size();

            String text = parameters.text(name);
            assertThat(text.length()).isLessThanOrEqualTo(UrlParameters.MAX_TEXT);
            assertThat(text).isEqualTo(text.trim());
            if (raw != null && raw.length() <= UrlParameters.MAX_TEXT) {
                assertThat(text).isEqualTo(raw.trim());
            }

            String choice = parameters.choice(name, CHOICES, "team");
            assertThat(CHOICES).contains(choice);
            if (raw != null && CHOICES.contains(raw)) {
                assertThat(choice).isEqualTo(raw);
            }

            int page = parameters.page(name, 1_000);
            assertThat(page).isBetween(1, 1_000);

            List<String> added = parameters.problems().subList(before, parameters.problems().size());
            if (raw == null || raw.isEmpty()) {
                assertThat(added).isEmpty();
            }
            // text, choice and page each say at most one sentence.
            assertThat(added).hasSizeLessThanOrEqualTo(3);
            assertThat(added).allSatisfy(sentence -> assertThat(sentence)
                    .startsWith("URL parameter '" + name + "' ")
                    .hasSizeLessThan(400));
        }
    }

    @Provide
    Arbitrary<String> queries() {
        return new ViewLinksFuzzTest().queries();
    }
}
