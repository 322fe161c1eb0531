package dev.fathom.collectors.drift;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * What drift is measured against for one feature (or the prediction), as stored in the profile
 * file.
 *
 * @param kind         numeric or categorical
 * @param rows         reference rows, missing ones included
 * @param missing      reference rows without a value
 * @param missingShare missing / rows
 * @param edges        numeric: inner cut points of the quantile bins (see {@link QuantileBins})
 * @param counts       numeric: reference rows per bin, edges.length + 1 of them
 * @param mean         numeric: mean of the reference values
 * @param std          numeric: population standard deviation of all reference values (norms Wasserstein)
 * @param sample       numeric: sorted reference values for KS and Wasserstein; all of them when there
 *                     are at most the profile's sample limit, otherwise that many evenly spaced order
 *                     statistics of them
 * @param categories   categorical: reference rows per category
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureProfile(FeatureKind kind, long rows, long missing, double missingShare,
        double[] edges, long[] counts, Double mean, Double std, double[] sample,
        Map<String, Long> categories) {

    /** Reference rows with a value. */
    public long present() {
        return rows - missing;
    }
}
