import Foundation

/// The exercise stubs as the workbook ships them: `Exercises/` in the last commit (git HEAD).
///
/// `workbook verify` checks the stubs' contract on this copy, not on the learner's working tree,
/// so a learner who has solved exercises is not told the workbook is broken. When `Exercises/`
/// on disk equals HEAD (always so in CI's fresh clone) the working tree *is* the committed copy
/// and nothing is extracted; otherwise the committed files go to `.workbook/stubs/Exercises`
/// (git-ignored, inside the package root since SwiftPM target paths must be), which
/// `Package.swift` builds from when `WORKBOOK_EXERCISES` names it.
enum CommittedStubs {
    /// How `Exercises/` on disk compares with the last commit.
    enum Baseline: Equatable {
        /// Exactly as committed: no modified, deleted, added or untracked files.
        case unchanged
        /// Changed: these paths, relative to the package root (e.g. `Exercises/01-LocalTable/BrokenTable.swift`).
        case changed([String])
        /// git cannot tell (not a checkout, git missing, no commit, …): why, in words.
        case unavailable(String)
    }

    /// The folder, relative to the package root, that holds the committed `Exercises/`.
    static let folder = ".workbook/stubs"
    /// What `WORKBOOK_EXERCISES` is set to for the committed stubs.
    static let exercisesFolder = folder + "/Exercises"

    /// Compares `Exercises/` under `root` with the last commit, without changing anything in the
    /// repository (`GIT_OPTIONAL_LOCKS=0`: `git status` does not even refresh the index).
    static func compare(root: URL) -> Baseline {
        let prefix: String
        switch Git.run(["rev-parse", "--show-prefix"], in: root) {
        case .success(let output): prefix = output.trimmingCharacters(in: .whitespacesAndNewlines)
        case .failure(let error): return .unavailable(error.description)
        }
        guard case .success = Git.run(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], in: root) else {
            return .unavailable("this git repository has no commit yet")
        }
        guard case .success = Git.run(["rev-parse", "--verify", "--quiet", "HEAD:./Exercises"], in: root) else {
            return .unavailable("the last commit (git HEAD) has no Exercises/ folder here")
        }
        // Untracked files one by one, and ignored ones too: an ignored `.swift` file under
        // Exercises/ would still be compiled into the exercise targets.
        let arguments = [
            "status", "--porcelain=v1", "-z", "--no-renames", "--untracked-files=all", "--ignored", "--", "Exercises",
        ]
        switch Git.run(arguments, in: root) {
        case .success(let output):
            let paths = changedPaths(porcelain: output, prefix: prefix)
            return paths.isEmpty ? .unchanged : .changed(paths)
        case .failure(let error): return .unavailable(error.description)
        }
    }

    /// The paths in `git status --porcelain=v1 -z --no-renames` output, relative to the package
    /// (`prefix` is the package's folder inside the repository, from `git rev-parse --show-prefix`),
    /// sorted. Hidden files and folders (`.DS_Store`, `.vscode/`) are left out: SwiftPM does not
    /// build them, so they cannot change what the stubs are.
    static func changedPaths(porcelain: String, prefix: String) -> [String] {
        let paths = porcelain.split(separator: "\0").compactMap { entry -> String? in
            // "XY path": two status letters, a space, the path relative to the repository root.
            guard entry.count > 3 else { return nil }
            var path = String(entry.dropFirst(3))
            if path.hasPrefix(prefix) { path.removeFirst(prefix.count) }
            if path.hasSuffix("/") { path.removeLast() }
            return path.split(separator: "/").contains { $0.hasPrefix(".") } ? nil : path
        }
        return Array(Set(paths)).sorted()
    }

    /// How many commits on HEAD that the upstream branch (`origin/HEAD`) lacks change
    /// `Exercises/` — a learner who commits their answers makes HEAD their own, and the stubs
    /// checked are then theirs. Nil when there is no upstream to compare with.
    static func ownCommitsChangingExercises(root: URL) -> Int? {
        guard
            case .success(let output) = Git.run(
                ["rev-list", "--count", "origin/HEAD..HEAD", "--", "Exercises"], in: root)
        else { return nil }
        return Int(output.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Writes the committed `Exercises/` to `.workbook/stubs/Exercises` and returns the folder
    /// holding it (`.workbook/stubs`, laid out like the package root, so its `Exercises/manifest`
    /// loads as usual). A copy that already matches is left alone, so `.build-stubs` does not
    /// rebuild the exercise targets each time.
    static func extract(root: URL) throws -> URL {
        let files = FileManager.default
        let stubs = root.appendingPathComponent(folder)
        let staging = root.appendingPathComponent(".workbook/stubs-\(UUID().uuidString)")
        try files.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? files.removeItem(at: staging) }
        // The tree, not the commit: `git archive` then stamps the files with the current time, so
        // a changed stub is always newer than what `.build-stubs` last compiled.
        // It runs from the repository's top folder: in a subfolder, `git archive` of a tree fails.
        let archive = staging.appendingPathComponent("stubs.tar")
        let written = Git.run(["rev-parse", "--show-toplevel", "--show-prefix"], in: root).flatMap { output in
            let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let top = URL(fileURLWithPath: lines[0]), prefix = lines.count > 1 ? lines[1] : ""
            return Git.run(
                ["archive", "--format=tar", "--prefix=Exercises/", "-o", archive.path, "HEAD:\(prefix)Exercises"],
                in: top)
        }
        if case .failure(let error) = written {
            throw WorkbookError("cannot read Exercises/ from the last commit: \(error)")
        }
        let tree = staging.appendingPathComponent("tree")
        try files.createDirectory(at: tree, withIntermediateDirectories: true)
        let tar = try Launcher.capture(
            ["tar", "-xf", archive.path, "-C", tree.path], in: root, environment: Git.environment)
        guard tar.status == 0 else {
            throw WorkbookError("cannot unpack the committed Exercises/ with tar: \(tar.error)")
        }
        if try contents(of: tree) != contents(of: stubs) {
            try? files.removeItem(at: stubs)
            try files.moveItem(at: tree, to: stubs)
        }
        return stubs
    }

    /// Every regular file under `folder`: its path relative to `folder`, and its bytes. Empty if
    /// the folder does not exist.
    static func contents(of folder: URL) throws -> [String: Data] {
        let base = folder.resolvingSymlinksInPath().path
        guard
            let walker = FileManager.default.enumerator(
                at: folder.resolvingSymlinksInPath(), includingPropertiesForKeys: [.isRegularFileKey])
        else { return [:] }
        var result: [String: Data] = [:]
        for case let url as URL in walker
        where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            let path = url.resolvingSymlinksInPath().path
            let relative = path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path
            result[relative] = try Data(contentsOf: url)
        }
        return result
    }
}
