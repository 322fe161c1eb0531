package dev.fathom.cli.bench;

import dev.fathom.cli.bench.e2e.E2eBench;
import picocli.CommandLine.Command;

/** {@code fathom bench ...}: benchmarks that print the figures docs/benchmarks.md quotes. */
@Command(name = "bench", description = "Run a benchmark and print its figures.", mixinStandardHelpOptions = true,
        subcommands = {ChargebackBench.class, E2eBench.class})
public final class BenchCommand {}
