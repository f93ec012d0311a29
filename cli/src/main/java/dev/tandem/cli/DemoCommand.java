package dev.tandem.cli;

import dev.tandem.cli.demo.AlertsTopic;
import dev.tandem.cli.demo.DemoCleanup;
import dev.tandem.cli.demo.DemoCorrelation;
import dev.tandem.cli.demo.DemoFolder;
import dev.tandem.cli.demo.DemoNotifier;
import dev.tandem.cli.demo.DemoSummary;
import dev.tandem.cli.demo.ScenarioShipper;
import dev.tandem.cli.demo.StageClock;
import dev.tandem.ingest.archive.EdgeArchiveReader;
import dev.tandem.ingest.archive.TimeRange;
import dev.tandem.ingest.io.IoProblems;
import dev.tandem.ingest.kafka.TopicAdmin;
import dev.tandem.ingest.kafka.TopicOverrides;
import dev.tandem.ingest.kafka.Topics;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.jobs.correlate.CorrelateSettings;
import dev.tandem.kafka.embedded.EmbeddedKafkaBroker;
import dev.tandem.recommender.PolicyPlanner;
import dev.tandem.recommender.RecommendInputException;
import dev.tandem.recommender.RecommendRequest;
import dev.tandem.recommender.RecommendResult;
import dev.tandem.recommender.Recommender;
import dev.tandem.scenario.Injection;
import dev.tandem.scenario.ScenarioFiles;
import dev.tandem.scenario.ScenarioGenerator;
import dev.tandem.scenario.ScenarioSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tandem demo}: the whole system on one machine, on a generated Bookinfo scenario, through
 * the same code as the real commands: {@code ship} → {@code correlate} → alerts → {@code
 * recommend}.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs Tandem end to end on this machine, needing nothing but Java: starts a Kafka broker"
                    + " (loopback only) and a Flink cluster inside this process, generates a realistic"
                    + " scenario (Bookinfo behind Istio's gateway, a few hours of Calico flow logs and"
                    + " Envoy access logs, with injected sidecar bypasses, a plaintext caller and two"
                    + " denied probes), ships it, correlates it, prints the alerts and writes layered"
                    + " policy recommendations with a report. Stops and removes everything it started;"
                    + " only --out stays.",
            ""
        },
        footer = {
            "",
            "Writes, under --out: scenario/ (the logs and inventory), edges/ (the Parquet edge"
                    + " archive), recommendations/ (policies/, report.html, report.md,"
                    + " recommendations.json), alerts.jsonl and summary.txt. A previous demo's --out is"
                    + " replaced; any other non-empty folder is refused.",
            "",
            "Examples:",
            "  tandem demo",
            "  tandem demo --out /tmp/tandem-demo --seed 42 --hours 6"
        })
final class DemoCommand implements Callable<Integer> {
    private static final int STAGES = 7;
    private static final Duration STAGE_TIMEOUT = Duration.ofMinutes(5);

    @Spec CommandSpec spec;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "tandem-demo",
            description = "Where the results go. Default: ./${DEFAULT-VALUE}.")
    Path out;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "" + ScenarioSpec.DEFAULT_SEED,
            description = "The scenario's random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--scale",
            paramLabel = "N",
            defaultValue = "1",
            description = "Copies of Bookinfo in the scenario. Default: ${DEFAULT-VALUE}.")
    int scale;

    @Option(
            names = "--hours",
            paramLabel = "H",
            defaultValue = "3",
            description = "Hours of traffic in the scenario. Default: ${DEFAULT-VALUE}.")
    int hours;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            defaultValue = "2",
            description = "Subtasks per operator of the correlate job. Default: ${DEFAULT-VALUE}.")
    int parallelism;

    @Override
    public Integer call() throws Exception {
        ScenarioSpec scenario = ScenarioCommand.spec(spec, seed, scale, hours, null);
        if (parallelism < 1) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--parallelism must be at least 1");
        }
        DemoFolder folder = new DemoFolder(out.toAbsolutePath().normalize());
        try {
            folder.prepare();
        } catch (IOException e) {
            throw new UserError(
                    "cannot write the demo to " + out + ": " + IoProblems.describe(e), e);
        }
        PrintWriter console = spec.commandLine().getOut();
        StageClock stages = new StageClock(console, STAGES);
        try (DemoCleanup cleanup = DemoCleanup.create()) {
            stages.begin("Starting Kafka (embedded, 127.0.0.1 only)");
            String kafka =
                    cleanup.broker(EmbeddedKafkaBroker.builder().build().start())
                            .bootstrapServers();
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
                new TopicAdmin(admin, Duration.ofSeconds(30))
                        .ensureTopics(Topics.ALL, TopicOverrides.none())
                        .requireCompatible();
                stages.done("Kafka at " + kafka + " with " + Topics.ALL.size() + " topics");

                stages.begin("Starting the correlate job (Flink MiniCluster, in this process)");
                DemoCorrelation correlation =
                        cleanup.correlation(
                                DemoCorrelation.start(
                                        kafka,
                                        admin,
                                        folder.archive(),
                                        correlateSettings(scenario),
                                        parallelism,
                                        cleanup.scratch()));
                stages.done(
                        "job submitted, checkpoints in "
                                + cleanup.scratch()
                                + "; it starts while the scenario is generated");

                stages.begin(
                        "Generating the scenario (seed "
                                + seed
                                + ", scale "
                                + scale
                                + ", "
                                + hours
                                + " h) and publishing its inventory");
                ScenarioFiles files = ScenarioGenerator.generate(scenario, folder.scenario());
                for (Injection injection : files.injections()) {
                    stages.detail("injected: " + injection.verdict() + " " + injection.edge());
                }
                ScenarioShipper.publishInventory(kafka, files.inventory());
                // Evidence shipped before the job holds the pods would resolve without them.
                correlation.awaitConsumed(List.of(Topics.INVENTORY.name()), STAGE_TIMEOUT);
                stages.done(
                        ScenarioCommand.summary(files)
                                + "; the job holds its "
                                + files.pods()
                                + " pods");

                stages.begin("Shipping the logs to Kafka (tandem ship, one shipper per node)");
                ScenarioShipper.Shipped shipped = ScenarioShipper.ship(kafka, files);
                stages.done(
                        shipped.flows()
                                + " flow lines to "
                                + Topics.FLOWS_RAW.name()
                                + ", "
                                + shipped.proxy()
                                + " proxy lines to "
                                + Topics.PROXY_RAW.name()
                                + ", "
                                + shipped.deadLetters()
                                + " dead letters, from "
                                + shipped.shippers()
                                + " shippers");

                stages.begin("Correlating (tandem correlate) until every line is judged");
                correlation.awaitConsumed(
                        List.of(Topics.FLOWS_RAW.name(), Topics.PROXY_RAW.name()), STAGE_TIMEOUT);
                correlation.drain(STAGE_TIMEOUT);
                List<EdgeWindow> windows = new ArrayList<>();
                new EdgeArchiveReader(folder.archive()).forEach(TimeRange.all(), windows::add);
                stages.done(windows.size() + " edge windows in " + folder.archive());

                stages.begin(
                        "Notifying (tandem notify) to a local webhook that prints what it gets");
                int alerts = AlertsTopic.readAll(kafka, Topics.ALERTS.name()).size();
                List<String> received =
                        DemoNotifier.deliver(kafka, alerts, stages::detail, STAGE_TIMEOUT);
                // Sorted: the file is the same for the same scenario, whatever order they came in.
                Files.write(
                        folder.alerts(),
                        received.stream().sorted().toList(),
                        StandardCharsets.UTF_8);
                stages.done(
                        alerts
                                + " alerts on "
                                + Topics.ALERTS.name()
                                + ", "
                                + received.size()
                                + " webhook messages, in "
                                + folder.alerts());

                stages.begin("Recommending layered policy (tandem recommend)");
                RecommendResult result = recommend(folder, files.inventory());
                stages.done(result.files().size() + " files in " + folder.recommendations());

                DemoSummary summary = DemoSummary.of(windows, files.injections(), result);
                Files.write(folder.summary(), summary.lines(), StandardCharsets.UTF_8);
                console.println();
                summary.lines().forEach(console::println);
                console.println();
                console.println("Report:   " + folder.recommendations().resolve("report.html"));
                console.println("Policies: " + folder.recommendations().resolve("policies"));
                console.println("Alerts:   " + folder.alerts());
                return 0;
            }
        }
    }

    /**
     * The correlate job's defaults, except that a replay delivers hours of logs at once and in no
     * particular order across files: out-of-orderness as long as the scenario keeps event time from
     * passing any window before the input is all in, and the draining stop then judges them all.
     */
    private static CorrelateSettings correlateSettings(ScenarioSpec scenario) {
        CorrelateSettings defaults = CorrelateSettings.defaults();
        return new CorrelateSettings(
                defaults.window(),
                defaults.slack(),
                Duration.ofHours(scenario.hours()).plus(ScenarioSpec.INTERVAL),
                defaults.idleness());
    }

    private static RecommendResult recommend(DemoFolder folder, Path inventory)
            throws IOException, RecommendInputException {
        return new Recommender()
                .run(
                        new RecommendRequest(
                                folder.archive(),
                                inventory,
                                TimeRange.all(),
                                "all",
                                null,
                                "cluster.local",
                                true,
                                folder.recommendations(),
                                PolicyPlanner.DEFAULT_PATH_BUDGET));
    }
}
