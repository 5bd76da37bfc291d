// swift-tools-version:6.0
// PG2 Workbook — Erlang's pg2, rebuilt in Swift one chapter at a time.
// The toolchain is the only dependency: this manifest declares no package dependencies.
import PackageDescription

// Learner mode (the default) builds the exercise targets from `Exercises/`, whose stubs throw
// `TODO` until the reader fills them in; `WORKBOOK_SOLUTIONS=1` builds them from `Solutions/`.
// `WORKBOOK_EXERCISES=<folder>` (relative to this one) builds them from another copy of the stubs:
// `workbook verify` sets it to `.workbook/stubs/Exercises`, the stubs as committed, when you have
// changed `Exercises/` (it builds that copy in its own `.build-stubs`, never in your `.build`).
let solutions = Context.environment["WORKBOOK_SOLUTIONS"] == "1"
let exerciseFolder = Context.environment["WORKBOOK_EXERCISES"].flatMap { $0.isEmpty ? nil : $0 } ?? "Exercises"
let exercises = solutions ? "Solutions" : exerciseFolder

/// The chapters in order. Each has one exercise target, `<exercises>Exercises`, built over the
/// chapter's module, and its tests, `<exercises>ExercisesTests`. Chapter 0 is the substrate: its
/// module is `Cluster` and its chapter tests are `ClusterTests` (declared with it, below); every
/// other chapter's tests, `<module>Tests`, are generated here from `Tests/Chapters/<folder>`.
struct Chapter {
    /// The number folder, e.g. `01-LocalTable`, under `Exercises/`, `Solutions/` and `Tests/`.
    let folder: String
    /// The chapter's own target, which its exercises build on.
    let module: String
    /// The exercise modules' prefix: `LocalTable` names `LocalTableExercises`.
    let exercises: String
    /// Whether the chapter's tests are generated from `Tests/Chapters/<folder>`.
    let generatesChapterTests: Bool
    /// The test kits its tests and its exercises' tests use besides `TestKit`: helpers that need a
    /// chapter's module (and so cannot live in `TestKit`, which every chapter's tests use), and
    /// the scenarios they share with the demos. Never a later chapter's.
    let testKits: [String]

    init(
        _ folder: String, module: String, exercises: String? = nil, generatesChapterTests: Bool = true,
        testKits: [String] = []
    ) {
        self.folder = folder
        self.module = module
        self.exercises = exercises ?? module
        self.generatesChapterTests = generatesChapterTests
        self.testKits = testKits
    }

    /// What every test target of this chapter uses besides its own module: the test kits.
    var kits: [Target.Dependency] { ["TestKit"] + testKits.map { .target(name: $0) } }
}

let chapters: [Chapter] = [
    Chapter("00-Substrate", module: "Cluster", exercises: "Substrate", generatesChapterTests: false),
    Chapter("01-LocalTable", module: "LocalTable"),
    Chapter("02-Monitors", module: "Monitors", testKits: ["MonitorsTestKit"]),
    Chapter("03-SingleNodeServer", module: "SingleNodeServer"),
    Chapter("04-GlobalLock", module: "GlobalLock", testKits: ["GlobalLockTestKit"]),
    Chapter("05-Replication", module: "Replication", testKits: ["ReplicationTestKit"]),
    Chapter("06-Exchange", module: "Exchange", testKits: ["MonitorsTestKit", "Anomalies"]),
    Chapter("07-PG", module: "PG", testKits: ["MonitorsTestKit", "PGTestKit"]),
]

let exerciseTargets: [Target] = chapters.flatMap { chapter -> [Target] in
    // Every exercise test target reaches Cluster, whichever chapter it follows.
    let chapterModules: [Target.Dependency] =
        chapter.module == "Cluster" ? ["Cluster"] : [.target(name: chapter.module), "Cluster"]
    var targets: [Target] = [
        .target(
            name: "\(chapter.exercises)Exercises",
            dependencies: [.target(name: chapter.module), "WorkbookSupport"],
            path: "\(exercises)/\(chapter.folder)"),
        .testTarget(
            name: "\(chapter.exercises)ExercisesTests",
            dependencies: [.target(name: "\(chapter.exercises)Exercises")] + chapterModules + ["WorkbookSupport"]
                + chapter.kits,
            path: "Tests/Exercises/\(chapter.folder)"),
    ]
    if chapter.generatesChapterTests {
        targets.append(
            .testTarget(
                name: "\(chapter.module)Tests",
                dependencies: [.target(name: chapter.module), "Cluster"] + chapter.kits,
                path: "Tests/Chapters/\(chapter.folder)"))
    }
    return targets
}

let package = Package(
    name: "PG2Workbook",
    platforms: [.macOS(.v15)],
    products: [
        // The substrate: nodes, pids, processes, monitors, calls and the deterministic simulator.
        .library(name: "Cluster", targets: ["Cluster"]),
        // pg2, complete: the final module, with Cluster re-exported.
        .library(name: "ProcessGroups", targets: ["ProcessGroups"]),
        .executable(name: "workbook", targets: ["workbook"]),
        .executable(name: "pg2-node", targets: ["pg2-node"]),
    ],
    targets: [
        .target(name: "CClusterRuntime", path: "Sources/CClusterRuntime"),
        // Distributed Erlang in pure Swift: term format, MD5, EPMD, handshake, connections.
        // It knows nothing of pg2 and does not depend on the substrate.
        .target(name: "ErlangDist", path: "Sources/ErlangDist"),
        .testTarget(
            name: "ErlangDistTests", dependencies: ["ErlangDist", "InteropKit", "SeededRandom"],
            path: "Tests/ErlangDistTests",
            // The golden bytes and the script that makes them from a real Erlang node; the tests
            // read terms.txt from the source tree.
            exclude: ["Fixtures"]),
        // Real processes for tests: erl nodes, epmd, child processes driven line by line.
        .target(name: "InteropKit", dependencies: ["ErlangDist"], path: "Sources/InteropKit"),
        // A Swift node an `erl` shell can ping and message (README: "Talking to Erlang").
        .executableTarget(name: "dist-node", dependencies: ["ErlangDist"], path: "Sources/dist-node"),
        // pg2 and OTP pg on a real node, one command a line (README: "Real nodes").
        .executableTarget(
            name: "pg2-node", dependencies: ["RealNodes", "ProcessGroups", "ErlangDist"], path: "Sources/pg2-node"),
        .target(name: "Cluster", dependencies: ["CClusterRuntime"], path: "Sources/Cluster"),
        // The real host: the substrate's nodes over distributed Erlang (README: "Real nodes").
        .target(name: "RealNodes", dependencies: ["Cluster", "ErlangDist"], path: "Sources/RealNodes"),
        // Ready-made scenarios that the CLI runs and the tests replay.
        .target(name: "Demos", dependencies: ["Cluster", "ProcessGroups", "Anomalies"], path: "Sources/Demos"),
        // pg2's anomalies A1–A4, each defined once over chapter 6 as a script of steps: the demos
        // narrate them, the tests of chapter 6 and of the final module replay them, the
        // side-by-side table plays them on pg too, and the explorer searches them.
        .target(name: "Anomalies", dependencies: ["Exchange"], path: "Sources/Anomalies"),
        // The chapters, each building on the one before.
        .target(name: "LocalTable", dependencies: ["Cluster"], path: "Chapters/01-LocalTable"),
        .target(name: "Monitors", dependencies: ["LocalTable"], path: "Chapters/02-Monitors"),
        .target(
            name: "SingleNodeServer", dependencies: ["Monitors"], path: "Chapters/03-SingleNodeServer"),
        .target(name: "GlobalLock", dependencies: ["SingleNodeServer"], path: "Chapters/04-GlobalLock"),
        .target(name: "Replication", dependencies: ["GlobalLock"], path: "Chapters/05-Replication"),
        .target(name: "Exchange", dependencies: ["Replication"], path: "Chapters/06-Exchange"),
        .target(name: "PG", dependencies: ["Exchange"], path: "Chapters/07-PG"),
        .target(name: "ProcessGroups", dependencies: ["Exchange", "PG"], path: "Sources/ProcessGroups"),
        // The learner's CLI: a thin executable over a library its tests can reach.
        .target(name: "WorkbookCLI", dependencies: ["Cluster", "Demos"], path: "Sources/WorkbookCLI"),
        .executableTarget(
            name: "workbook", dependencies: ["WorkbookCLI", "CClusterRuntime"], path: "Sources/workbook"),
        .executableTarget(
            name: "pg2-bench",
            dependencies: [
                "CClusterRuntime", "Cluster", "Demos", "LocalTable", "ProcessGroups", "RealNodes", "ErlangDist",
            ], path: "Sources/pg2-bench"),
        .target(name: "WorkbookSupport", path: "Sources/WorkbookSupport"),
        // What the tests share: the replayable simulation and its seed comment, the check that
        // ends a simulated test, fakes for the tests that run no node. It needs only the
        // substrate, so every chapter's tests can use it.
        .target(name: "TestKit", dependencies: ["Cluster", "SeededRandom"], path: "Sources/TestKit"),
        // The tests' one seeded generator (SplitMix64), for every test target that draws cases.
        .target(name: "SeededRandom", path: "Sources/SeededRandom"),
        // Chapter 4's helpers, shared by its tests and its exercises' tests: lock-server clusters
        // and the lock invariant.
        .target(name: "GlobalLockTestKit", dependencies: ["GlobalLock"], path: "Sources/GlobalLockTestKit"),
        // Chapter 2's: a fake monitor service, for the tests of chapters 2, 6 and 7 that run no node.
        .target(name: "MonitorsTestKit", dependencies: ["Monitors", "TestKit"], path: "Sources/MonitorsTestKit"),
        // Chapter 5's: the servers every node runs, reads across the nodes, calls from the trace.
        .target(name: "ReplicationTestKit", dependencies: ["Replication"], path: "Sources/ReplicationTestKit"),
        // Chapter 7's, shared with the final module's pg tests: a scope's members and views on every node, and
        // the check that ends a pg test.
        .target(name: "PGTestKit", dependencies: ["PG", "TestKit"], path: "Sources/PGTestKit"),
        .testTarget(name: "ClusterTests", dependencies: ["Cluster", "Demos", "TestKit"], path: "Tests/ClusterTests"),
        .testTarget(name: "WorkbookCLITests", dependencies: ["WorkbookCLI"], path: "Tests/WorkbookCLITests"),
        .testTarget(
            name: "RealNodeTests",
            dependencies: ["RealNodes", "ProcessGroups", "ErlangDist", "InteropKit", "SeededRandom"],
            path: "Tests/RealNodeTests"),
        .testTarget(
            name: "ProcessGroupsTests",
            dependencies: ["ProcessGroups", "PG", "Exchange", "Demos", "Anomalies", "TestKit", "PGTestKit"],
            path: "Tests/ProcessGroupsTests"),
    ] + exerciseTargets,
    swiftLanguageModes: [.v6]
)
