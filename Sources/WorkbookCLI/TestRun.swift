import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// One build and test run, in learner or solution mode, and its per-test results.
///
/// The build comes first, on its own (`swift build --build-tests`), so that a build failure is
/// told apart from failing tests: it leaves no result at all, and the CLI then keeps whatever
/// progress was recorded. The tests then run without building (`swift test --skip-build`).
///
/// Results come from Swift Testing's xUnit report (`--xunit-output`), not from scraping the
/// console: each test case names its module and suite, and a failure carries its message. The
/// xUnit report names a test by its function (`theDeadPidsRowsGo()`, `agrees(seed:)`), so the
/// display names (`@Test("The dead pid's rows go")`) come from Swift Testing's event stream
/// (`--event-stream-output-path`), which lists every test with its display name and line.
final class TestRun {
    struct Case {
        /// `Module.Suite`, e.g. `LocalTableExercisesTests.BrokenTableTests`.
        let className: String
        /// The test function, e.g. `joiningTwiceListsThePidTwice()`.
        let name: String
        /// The failure messages; empty if the test passed.
        let failures: [String]
        /// The test's display name, `@Test("…")`, if it has one.
        var displayName: String? = nil
        /// The line of the test in its file, if known: tests are listed in file order.
        var line: Int? = nil

        var module: String { String(className.prefix { $0 != "." }) }
        var suite: String { String(className.split(separator: ".").dropFirst().first ?? "") }
        var passed: Bool { failures.isEmpty }
        /// How the CLI names the test: its display name, else its function name as words, never
        /// with parameter labels.
        var title: String { displayName ?? Check.sentence(name) }
    }

    /// How the build went.
    enum Build: Equatable {
        case succeeded
        /// The build failed; the first compile error, if the log shows one.
        case failed(BuildDiagnostics.Diagnostic?)
    }

    let cases: [Case]
    let exitStatus: Int32
    /// The build's output, then the test run's.
    let log: URL
    let build: Build

    init(cases: [Case], exitStatus: Int32, log: URL, build: Build = .succeeded) {
        self.cases = cases
        self.exitStatus = exitStatus
        self.log = log
        self.build = build
    }

    /// Where the exercise targets' sources come from, and so which scratch folder builds them:
    /// each source has its own, since they compile different files into the same module names.
    enum Source: Equatable {
        /// `Exercises/` as it is on disk, in the default `.build` — the folder a learner's own
        /// `swift test` uses, so nothing is built twice.
        case workingTree
        /// A copy of the stubs as committed, at `folder` (relative to the package root, e.g.
        /// `.workbook/stubs/Exercises`), built in `.build-stubs` so the learner's `.build` is untouched.
        case committedStubs(folder: String)
        /// `Solutions/` (`WORKBOOK_SOLUTIONS=1`), built in `.build-solutions`.
        case solutions

        var scratchFolder: String {
            switch self {
            case .workingTree: ".build"
            case .committedStubs: ".build-stubs"
            case .solutions: ".build-solutions"
            }
        }

        /// `base` with the variables Package.swift reads set for this source, and only for it: each
        /// scratch folder always sees the same manifest.
        func environment(_ base: [String: String]) -> [String: String] {
            var environment = base
            environment["WORKBOOK_SOLUTIONS"] = self == .solutions ? "1" : nil
            if case .committedStubs(let folder) = self {
                environment["WORKBOOK_EXERCISES"] = folder
            } else {
                environment["WORKBOOK_EXERCISES"] = nil
            }
            return environment
        }
    }

    /// Builds and runs the tests in learner mode (the working tree's `Exercises/`) or solution mode.
    static func run(root: URL, solutions: Bool, filter: String? = nil) throws -> TestRun {
        try run(root: root, source: solutions ? .solutions : .workingTree, filter: filter)
    }

    /// Builds the package with the exercise targets from `source`, in its scratch folder, then
    /// runs the tests that match `filter` (all of them if nil) without building again.
    static func run(root: URL, source: Source, filter: String? = nil) throws -> TestRun {
        let scratch = root.appendingPathComponent(source.scratchFolder)
        let reports = scratch.appendingPathComponent("workbook")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        let report = reports.appendingPathComponent("results.xml")
        let swiftTestingReport = reports.appendingPathComponent("results-swift-testing.xml")
        let events = reports.appendingPathComponent("events.jsonl")
        for stale in [swiftTestingReport, events] { try? FileManager.default.removeItem(at: stale) }
        let log = reports.appendingPathComponent("test.log")
        let environment = source.environment(ProcessInfo.processInfo.environment)

        let built = try Launcher.run(
            ["swift", "build", "--build-tests", "--scratch-path", scratch.path], in: root, environment: environment,
            log: log)
        guard built == 0 else {
            let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            return TestRun(
                cases: [], exitStatus: built, log: log,
                build: .failed(BuildDiagnostics.firstError(in: output, root: root.path)))
        }

        var arguments = [
            "swift", "test", "--skip-build", "--scratch-path", scratch.path, "--xunit-output", report.path,
        ]
        if let filter { arguments += ["--filter", filter] }
        let streamArguments = ["--event-stream-output-path", events.path, "--event-stream-version", "0"]
        var status = try Launcher.run(
            arguments + streamArguments, in: root, environment: environment, log: log, append: true)
        if status == 64, let output = try? String(contentsOf: log, encoding: .utf8),
            output.contains("Unknown option '--event-stream")
        {
            // A toolchain without the event stream: the tests still run, named by their functions.
            status = try Launcher.run(arguments, in: root, environment: environment, log: log, append: true)
        }
        guard let data = try? Data(contentsOf: swiftTestingReport) else {
            return TestRun(cases: [], exitStatus: status, log: log)
        }
        let names = (try? Data(contentsOf: events)).map(TestNames.init(eventStream:)) ?? TestNames()
        return TestRun(cases: names.apply(to: try parse(data)), exitStatus: status, log: log)
    }

    static func parse(_ data: Data) throws -> [Case] {
        let document = try XMLDocument(data: data)
        return try document.nodes(forXPath: "//testcase").compactMap { node in
            guard let element = node as? XMLElement else { return nil }
            let failures = (element.elements(forName: "failure") + element.elements(forName: "error"))
                .map { $0.attribute(forName: "message")?.stringValue ?? "failed" }
            return Case(
                className: element.attribute(forName: "classname")?.stringValue ?? "",
                name: element.attribute(forName: "name")?.stringValue ?? "", failures: failures)
        }
    }
}
