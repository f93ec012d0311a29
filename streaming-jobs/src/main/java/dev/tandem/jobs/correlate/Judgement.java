package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.Verdict;

/** A verdict with how sure it is and one sentence saying why. */
record Judgement(Verdict verdict, double confidence, String reason) {}
