package dev.tandem.cli;

import dev.tandem.ingest.archive.TimeRange;
import dev.tandem.ingest.io.IoProblems;
import dev.tandem.jobs.notify.ChatDeliveryException;
import dev.tandem.jobs.notify.ChatMessage;
import dev.tandem.jobs.notify.ChatPoster;
import dev.tandem.jobs.notify.Destination;
import dev.tandem.jobs.notify.NotifyConfigException;
import dev.tandem.jobs.notify.RetryPolicy;
import dev.tandem.recommender.ChatSummary;
import dev.tandem.recommender.PolicyPlanner;
import dev.tandem.recommender.Principals;
import dev.tandem.recommender.RecommendInputException;
import dev.tandem.recommender.RecommendProgress;
import dev.tandem.recommender.RecommendRequest;
import dev.tandem.recommender.RecommendResult;
import dev.tandem.recommender.Recommender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tandem recommend}: layered least-privilege policy from the edge archive. */
@Command(
        name = "recommend",
        mixinStandardHelpOptions = true,
        description = {
            "Reads the edge archive (Parquet, day=/hour= partitions, as the correlate job writes it) and"
                    + " proposes least-privilege policy for both layers from the traffic observed: Calico and"
                    + " Kubernetes NetworkPolicy (L3/L4) and Istio AuthorizationPolicy / PeerAuthentication (L7),"
                    + " with the evidence behind every rule. Traffic judged a sidecar bypass is never allowed:"
                    + " it is listed under 'needs review'. Denied traffic stays denied.",
            ""
        },
        footer = {
            "",
            "Writes, under --out:",
            "  policies/calico/NAMESPACE.yaml      StagedNetworkPolicy (NetworkPolicy with",
            "                                      --enforced)",
            "  policies/kubernetes/NAMESPACE.yaml  networking.k8s.io/v1 NetworkPolicy",
            "  policies/istio/NAMESPACE.yaml       AuthorizationPolicy (ALLOW),",
            "                                      PeerAuthentication (STRICT)",
            "  recommendations.json                every rule with its evidence, the",
            "                                      simulation and the diff",
            "  report.md, report.html              summary, service graph (bypasses marked),",
            "                                      needs review, new/removed edges, mTLS",
            "                                      readiness, policy diff, per namespace",
            "Prints a short summary at the end; progress on stderr for long runs.",
            "With --webhook-url-file, --webhook-url-env or --destinations (as in tandem notify), posts"
                    + " that summary to chat once the report is written. The URLs are read and"
                    + " checked before the run; they are never printed. A post is tried at most 3"
                    + " times (under a minute); a destinations file's minSeverity and namespaces"
                    + " filter alerts only and do not apply to the summary.",
            "Every file is kubectl-apply ready and the same bytes for the same archive.",
            "",
            "Exit status: 0 on success (an empty archive too: the report says so and no policy is written),"
                    + " and also when posting the summary failed: the report is already written, so"
                    + " a failed post is one 'recommend: warning:' line on stderr, not a failed run;"
                    + " 2 when the archive, inventory, previous run or a webhook URL cannot be read.",
            "",
            "Examples:",
            "  tandem recommend --archive /data/edges --out /tmp/rec",
            "  tandem recommend --archive /data/edges --since 24h \\",
            "      --previous /tmp/rec-yesterday --out /tmp/rec",
            "  tandem recommend --archive /data/edges --all --enforced \\",
            "      --trust-domain prod.example --out /tmp/rec",
            "  tandem recommend --archive /data/edges --out /tmp/rec \\",
            "      --webhook-url-file /etc/tandem/slack.url --format slack"
        })
final class RecommendCommand implements Callable<Integer> {
    static final String DEFAULT_LOOKBACK = "7d";

    @Spec CommandSpec spec;

    @Option(
            names = "--archive",
            required = true,
            paramLabel = "DIR",
            description = "The edge archive directory.")
    Path archive;

    @Option(
            names = "--inventory",
            paramLabel = "PATH",
            description =
                    "kubectl get pods,services,namespaces -A -o json: fills in labels and service accounts"
                            + " the archive lacks.")
    Path inventory;

    @ArgGroup(exclusive = true)
    Lookback lookback;

    static final class Lookback {
        @Option(
                names = "--since",
                paramLabel = "DURATION",
                converter = LookbackDuration.class,
                description =
                        "Read the last DURATION of the archive: 7d, 24h, 90m or P7D. Default: 7d.")
        Duration since;

        @Option(names = "--all", description = "Read the whole archive.")
        boolean all;
    }

    @Option(
            names = "--previous",
            paramLabel = "DIR",
            description =
                    "The --out of an earlier run: the report lists the rules added and removed since.")
    Path previous;

    @Option(
            names = "--trust-domain",
            paramLabel = "DOMAIN",
            defaultValue = "cluster.local",
            description = "The Istio trust domain of principals. Default: ${DEFAULT-VALUE}.")
    String trustDomain;

    @ArgGroup(exclusive = true)
    Mode mode;

    static final class Mode {
        @Option(
                names = "--staged",
                description =
                        "Calico StagedNetworkPolicy: shows what it would do, enforces nothing (default).")
        boolean staged;

        @Option(
                names = "--enforced",
                description = "Calico NetworkPolicy: enforced as soon as applied.")
        boolean enforced;
    }

    @Option(
            names = "--path-budget",
            paramLabel = "N",
            defaultValue = "" + PolicyPlanner.DEFAULT_PATH_BUDGET,
            description =
                    "Most path patterns per Istio destination; more paths are cut to prefixes. Default: ${DEFAULT-VALUE}.")
    int pathBudget;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Where to write the policies and the report; created if missing.")
    Path out;

    @Option(
            names = "--quiet",
            description = "No progress lines on stderr (long runs show one a second).")
    boolean quiet;

    @Mixin ChatDestinationOptions chat;

    Clock clock = Clock.systemUTC();

    /** Bounded for a command that has finished its work: at most 3 tries, under a minute. */
    RetryPolicy chatRetry =
            new RetryPolicy(
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(20),
                    3);

    @Override
    public Integer call() {
        if (pathBudget < 1) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--path-budget must be at least 1");
        }
        try {
            new Principals(trustDomain);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--trust-domain: " + e.getMessage());
        }
        if (inventory != null && !Files.isReadable(inventory)) {
            throw new UserError(
                    "cannot read inventory " + inventory + ": no such file or not readable");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserError("cannot write to " + out + ": it is a file, not a folder");
        }
        List<Destination> destinations;
        try {
            destinations = chat.destinations(spec);
        } catch (NotifyConfigException e) {
            throw new UserError(e.getMessage(), e);
        }
        boolean all = lookback != null && lookback.all;
        Duration since = lookback != null && lookback.since != null ? lookback.since : null;
        String label = all ? "all" : since == null ? DEFAULT_LOOKBACK : lookbackLabel();
        TimeRange range =
                all
                        ? TimeRange.all()
                        : new TimeRange(
                                start(since == null ? Duration.ofDays(7) : since), Instant.MAX);
        RecommendRequest request =
                new RecommendRequest(
                        archive,
                        inventory,
                        range,
                        label,
                        previous,
                        trustDomain,
                        mode == null || !mode.enforced,
                        out,
                        pathBudget);
        RecommendResult result;
        try {
            RecommendProgress progress =
                    quiet
                            ? RecommendProgress.NONE
                            : new ConsoleProgress(spec.commandLine().getErr(), System::nanoTime);
            result = new Recommender().run(request, progress);
        } catch (RecommendInputException e) {
            throw new UserError(e.getMessage(), e);
        } catch (IOException e) {
            throw new UserError("cannot write to " + out + ": " + IoProblems.describe(e), e);
        }
        if (result.notice() != null) {
            spec.commandLine().getErr().println("recommend: " + result.notice());
        }
        spec.commandLine()
                .getOut()
                .println(
                        result.windowsRead()
                                + " edge windows, "
                                + result.edges()
                                + " edges: "
                                + result.l4Rules()
                                + " L3/L4 rules, "
                                + result.l7Policies()
                                + " Istio policies, "
                                + result.needsReview()
                                + " need review. Report: "
                                + out.resolve("report.html"));
        spec.commandLine().getOut().print("\n" + result.chatSummary().text());
        spec.commandLine().getOut().flush();
        post(destinations, result.chatSummary());
        return 0;
    }

    /** Posts the summary to every destination; a failure is a warning, the report is written. */
    private void post(List<Destination> destinations, ChatSummary summary) {
        ChatPoster poster = ChatPoster.create(chatRetry);
        ChatMessage message = ChatMessage.of(summary.title(), summary.lines());
        var err = spec.commandLine().getErr();
        for (Destination destination : destinations) {
            try {
                poster.post(destination, message);
                err.println("recommend: posted the summary to " + destination.name());
            } catch (ChatDeliveryException e) {
                err.println("recommend: warning: summary not posted: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                err.println(
                        "recommend: warning: summary not posted to "
                                + destination.name()
                                + ": interrupted");
                return;
            }
        }
    }

    /** Now minus {@code lookback}; a lookback longer than time itself reads everything. */
    private Instant start(Duration lookback) {
        try {
            return Instant.now(clock).minus(lookback);
        } catch (java.time.DateTimeException | ArithmeticException e) {
            return Instant.MIN;
        }
    }

    /** The --since text as the user typed it ({@code 24h}), for the report. */
    private String lookbackLabel() {
        return spec.commandLine().getParseResult().matchedOption("--since").stringValues().get(0);
    }
}
