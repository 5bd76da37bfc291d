import Foundation
import Testing

@testable import WorkbookCLI

/// `verify` checks the stubs as committed and reports the learner's work apart. These tests make
/// small git repositories of their own; none runs `swift test`.
@Suite struct VerifyBaselineTests {
    static let gitAvailable = (try? Launcher.capture(["git", "--version"], in: URL(fileURLWithPath: "/")))?.status == 0

    /// A git repository in a fresh temporary folder with `files` committed; removed by `remove()`.
    struct Repository {
        let top: URL

        init(top: URL) { self.top = top }

        init(_ files: [String: String]) throws {
            top = FileManager.default.temporaryDirectory.appendingPathComponent("verify-\(UUID())")
            try FileManager.default.createDirectory(at: top, withIntermediateDirectories: true)
            try git("init", "-q")
            for (path, text) in files { try write(path, text) }
            try git("add", "-A")
            try git(
                "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false",
                "commit", "-q", "-m", "stubs")
        }

        func git(_ arguments: String...) throws {
            let result = try Launcher.capture(["git"] + arguments, in: top, environment: Git.environment)
            guard result.status == 0 else { throw WorkbookError("git \(arguments): \(result.error)") }
        }

        func write(_ path: String, _ text: String) throws {
            let url = top.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }

        func remove() { try? FileManager.default.removeItem(at: top) }
    }

    static let stubs = [
        "Exercises/01-LocalTable/BrokenTable.swift": "throw TODO(1.1)\n",
        "Exercises/01-LocalTable/OneListEverywhere.swift": "throw TODO(1.2)\n",
        "Exercises/manifest/01-LocalTable.json": "{}\n",
        ".gitignore": ".workbook/\n.build-*/\n.DS_Store\n*.tmp\n",
        "README.md": "read me\n",
    ]

    @Test(.enabled(if: gitAvailable)) func aPristineCloneChecksTheWorkingTreeAsIs() throws {
        let repository = try Repository(Self.stubs)
        defer { repository.remove() }
        #expect(CommittedStubs.compare(root: repository.top) == .unchanged)
        // Changes elsewhere, and hidden files SwiftPM never builds, leave Exercises/ as committed.
        try repository.write("README.md", "changed\n")
        try repository.write("Exercises/01-LocalTable/.DS_Store", "finder\n")
        try repository.write("Exercises/.vscode/settings.json", "{}\n")
        #expect(CommittedStubs.compare(root: repository.top) == .unchanged)
        #expect(Verify.stubsToCheck(root: repository.top).source == .workingTree)
    }

    @Test(.enabled(if: gitAvailable)) func modifiedAddedIgnoredAndDeletedFilesAllCountAsChanges() throws {
        let repository = try Repository(Self.stubs)
        defer { repository.remove() }
        try repository.write("Exercises/01-LocalTable/BrokenTable.swift", "return count + 1\n")
        try repository.write("Exercises/01-LocalTable/Helper.swift", "// mine\n")
        try repository.write("Exercises/01-LocalTable/Scratch.tmp", "ignored, but SwiftPM would see it\n")
        try FileManager.default.removeItem(
            at: repository.top.appendingPathComponent("Exercises/01-LocalTable/OneListEverywhere.swift"))
        #expect(
            CommittedStubs.compare(root: repository.top)
                == .changed([
                    "Exercises/01-LocalTable/BrokenTable.swift", "Exercises/01-LocalTable/Helper.swift",
                    "Exercises/01-LocalTable/OneListEverywhere.swift", "Exercises/01-LocalTable/Scratch.tmp",
                ]))
        // A staged change is a change too: HEAD is the reference, not the index.
        try repository.git("checkout", "--", "Exercises/01-LocalTable/OneListEverywhere.swift")
        try repository.git("add", "Exercises/01-LocalTable/BrokenTable.swift")
        try FileManager.default.removeItem(
            at: repository.top.appendingPathComponent("Exercises/01-LocalTable/Helper.swift"))
        try FileManager.default.removeItem(
            at: repository.top.appendingPathComponent("Exercises/01-LocalTable/Scratch.tmp"))
        #expect(CommittedStubs.compare(root: repository.top) == .changed(["Exercises/01-LocalTable/BrokenTable.swift"]))
    }

    @Test(.enabled(if: gitAvailable)) func aPackageInASubfolderOfTheRepositoryGetsPackageRelativePaths() throws {
        let repository = try Repository(
            Dictionary(uniqueKeysWithValues: Self.stubs.map { ("workbook/\($0.key)", $0.value) }))
        defer { repository.remove() }
        let root = repository.top.appendingPathComponent("workbook")
        try repository.write("workbook/Exercises/01-LocalTable/BrokenTable.swift", "solved\n")
        #expect(CommittedStubs.compare(root: root) == .changed(["Exercises/01-LocalTable/BrokenTable.swift"]))
        let stubs = try CommittedStubs.extract(root: root)
        #expect(
            try CommittedStubs.contents(of: stubs)["Exercises/01-LocalTable/BrokenTable.swift"]
                == Data("throw TODO(1.1)\n".utf8))
    }

    @Test(.enabled(if: gitAvailable)) func theCommittedStubsAreExtractedAndKeptWhileUnchanged() throws {
        let repository = try Repository(Self.stubs)
        defer { repository.remove() }
        try repository.write("Exercises/01-LocalTable/BrokenTable.swift", "return count + 1\n")
        try repository.write("Exercises/01-LocalTable/Helper.swift", "// mine\n")
        let stubs = try CommittedStubs.extract(root: repository.top)
        #expect(stubs.path.hasSuffix("/.workbook/stubs"))
        let files = try CommittedStubs.contents(of: stubs)
        #expect(
            files == [
                "Exercises/01-LocalTable/BrokenTable.swift": Data("throw TODO(1.1)\n".utf8),
                "Exercises/01-LocalTable/OneListEverywhere.swift": Data("throw TODO(1.2)\n".utf8),
                "Exercises/manifest/01-LocalTable.json": Data("{}\n".utf8),
            ], "the committed Exercises/, not the learner's")
        // The copy is git-ignored: extracting it changes nothing git reports.
        #expect(
            CommittedStubs.compare(root: repository.top)
                == .changed([
                    "Exercises/01-LocalTable/BrokenTable.swift", "Exercises/01-LocalTable/Helper.swift",
                ]))
        let stub = stubs.appendingPathComponent("Exercises/01-LocalTable/BrokenTable.swift")
        let stamp = try FileManager.default.attributesOfItem(atPath: stub.path)[.modificationDate] as? Date
        Thread.sleep(forTimeInterval: 0.05)
        _ = try CommittedStubs.extract(root: repository.top)
        #expect(
            try FileManager.default.attributesOfItem(atPath: stub.path)[.modificationDate] as? Date == stamp,
            "an unchanged copy is not rewritten, so .build-stubs need not recompile it")
        // A new commit replaces the copy, stale files included.
        try repository.git("rm", "-q", "Exercises/01-LocalTable/OneListEverywhere.swift")
        try repository.git(
            "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false",
            "commit", "-q", "-m", "one stub")
        _ = try CommittedStubs.extract(root: repository.top)
        #expect(
            try CommittedStubs.contents(of: stubs).keys.sorted() == [
                "Exercises/01-LocalTable/BrokenTable.swift", "Exercises/manifest/01-LocalTable.json",
            ])
        let leftovers = try FileManager.default.contentsOfDirectory(
            atPath: repository.top.appendingPathComponent(".workbook").path)
        #expect(leftovers == ["stubs"], "no staging folder is left behind")
    }

    @Test(.enabled(if: gitAvailable)) func aLearnersOwnCommitsToExercisesAreCounted() throws {
        let upstream = try Repository(Self.stubs)
        defer { upstream.remove() }
        let clone = upstream.top.appendingPathExtension("clone")
        defer { try? FileManager.default.removeItem(at: clone) }
        #expect(
            try Launcher.capture(
                ["git", "clone", "-q", upstream.top.path, clone.path], in: upstream.top, environment: Git.environment
            ).status == 0)
        let learner = Repository(top: clone)
        #expect(CommittedStubs.ownCommitsChangingExercises(root: clone) == 0)
        try learner.write("Exercises/01-LocalTable/BrokenTable.swift", "solved\n")
        try learner.git(
            "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false",
            "commit", "-qam", "1.1")
        #expect(CommittedStubs.compare(root: clone) == .unchanged)
        #expect(CommittedStubs.ownCommitsChangingExercises(root: clone) == 1)
        #expect(CommittedStubs.ownCommitsChangingExercises(root: upstream.top) == nil, "no upstream, nothing to say")
    }

    @Test func withoutGitVerifyFallsBackToTheWorkingTree() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verify-\(UUID())")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("Exercises/manifest"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        guard case .unavailable(let reason) = CommittedStubs.compare(root: folder) else {
            Issue.record("a folder that is not a git checkout must not count as unchanged or changed")
            return
        }
        #expect(!reason.isEmpty)
        #expect(Verify.stubsToCheck(root: folder).source == .workingTree)
    }

    @Test func porcelainPathsAreMadePackageRelativeAndHiddenOnesDropped() {
        let output =
            " M pkg/Exercises/01-LocalTable/BrokenTable.swift\0?? pkg/Exercises/01-LocalTable/Mine.swift\0"
            + "!! pkg/Exercises/01-LocalTable/.DS_Store\0 D pkg/Exercises/02-Monitors/NothingLeftBehind.swift\0"
            + "!! pkg/Exercises/.idea/\0"
        #expect(
            CommittedStubs.changedPaths(porcelain: output, prefix: "pkg/") == [
                "Exercises/01-LocalTable/BrokenTable.swift", "Exercises/01-LocalTable/Mine.swift",
                "Exercises/02-Monitors/NothingLeftBehind.swift",
            ])
        #expect(CommittedStubs.changedPaths(porcelain: "", prefix: "").isEmpty)
    }

    @Test func eachSourceBuildsInItsOwnScratchFolderWithItsOwnManifestVariables() {
        let base = ["PATH": "/usr/bin", "WORKBOOK_SOLUTIONS": "1", "WORKBOOK_EXERCISES": "elsewhere"]
        let stubs = TestRun.Source.committedStubs(folder: CommittedStubs.exercisesFolder)
        #expect(stubs.scratchFolder == ".build-stubs")
        #expect(stubs.environment(base) == ["PATH": "/usr/bin", "WORKBOOK_EXERCISES": ".workbook/stubs/Exercises"])
        #expect(TestRun.Source.workingTree.scratchFolder == ".build")
        #expect(TestRun.Source.workingTree.environment(base) == ["PATH": "/usr/bin"])
        #expect(TestRun.Source.solutions.scratchFolder == ".build-solutions")
        #expect(TestRun.Source.solutions.environment(base) == ["PATH": "/usr/bin", "WORKBOOK_SOLUTIONS": "1"])
    }
}
