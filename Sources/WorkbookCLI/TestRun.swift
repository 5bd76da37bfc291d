import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// One `swift test` run, in learner or solution mode, and its per-test results.
///
/// Results come from Swift Testing's xUnit report (`--xunit-output`), not from scraping the
/// console: each test case names its module and suite, and a failure carries its message.
final class TestRun {
    struct Case {
        /// `Module.Suite`, e.g. `LocalTableExercisesTests.JoinCountingTests`.
        let className: String
        let name: String
        /// The failure messages; empty if the test passed.
        let failures: [String]
        var module: String { String(className.prefix { $0 != "." }) }
        var suite: String { String(className.split(separator: ".").dropFirst().first ?? "") }
        var passed: Bool { failures.isEmpty }
    }

    let cases: [Case]
    let exitStatus: Int32
    let log: URL

    init(cases: [Case], exitStatus: Int32, log: URL) {
        self.cases = cases
        self.exitStatus = exitStatus
        self.log = log
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

    /// Runs `swift test` in learner mode (the working tree's `Exercises/`) or solution mode.
    static func run(root: URL, solutions: Bool, filter: String? = nil) throws -> TestRun {
        try run(root: root, source: solutions ? .solutions : .workingTree, filter: filter)
    }

    /// Runs `swift test` with the exercise targets built from `source`, in its scratch folder.
    static func run(root: URL, source: Source, filter: String? = nil) throws -> TestRun {
        let scratch = root.appendingPathComponent(source.scratchFolder)
        let reports = scratch.appendingPathComponent("workbook")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        let report = reports.appendingPathComponent("results.xml")
        let swiftTestingReport = reports.appendingPathComponent("results-swift-testing.xml")
        try? FileManager.default.removeItem(at: swiftTestingReport)
        let log = reports.appendingPathComponent("test.log")
        var arguments = ["swift", "test", "--scratch-path", scratch.path, "--xunit-output", report.path]
        if let filter { arguments += ["--filter", filter] }
        let environment = source.environment(ProcessInfo.processInfo.environment)
        let status = try Shell.run(arguments, in: root, environment: environment, log: log)
        guard let data = try? Data(contentsOf: swiftTestingReport) else {
            return TestRun(cases: [], exitStatus: status, log: log)
        }
        return TestRun(cases: try parse(data), exitStatus: status, log: log)
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

/// Runs a command, its output going to a log file.
enum Shell {
    static func run(_ arguments: [String], in folder: URL, environment: [String: String], log: URL) throws
        -> Int32
    {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = environment
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
