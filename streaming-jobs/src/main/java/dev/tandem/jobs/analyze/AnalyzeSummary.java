package dev.tandem.jobs.analyze;

import java.util.SortedMap;

/**
 * {@code summary.json}: what was read and what was found.
 *
 * @param linesRead non-blank and blank lines read from the flow and proxy files
 * @param recordsRead lines decoded into a kernel flow or a proxy request
 * @param inventoryPods pods read from the inventory
 * @param deadLetters inputs that could not be read or placed ({@code deadletter.jsonl})
 * @param edgeWindows edge windows judged
 * @param findings edge windows whose verdict is a finding ({@code findings.jsonl})
 * @param verdicts edge windows per verdict, every verdict present
 */
public record AnalyzeSummary(
        long linesRead,
        long recordsRead,
        long inventoryPods,
        long deadLetters,
        long edgeWindows,
        long findings,
        SortedMap<String, Long> verdicts) {}
