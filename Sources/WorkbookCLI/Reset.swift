import Foundation

/// `workbook reset <exercise>`: puts an exercise's original stub back, from the repository's own
/// history (git), not from the network. The current file is kept in `.workbook/backup/` first.
enum Reset {
    static func run(_ arguments: Arguments) throws -> Int32 {
        let root = try repositoryRoot()
        let chapters = try ChapterManifest.loadAll(root: root)
        guard let id = arguments.firstOperand else {
            print("workbook reset: which exercise? e.g. swift run workbook reset \(chapters.first?.exercises.first?.id ?? "0.1")")
            return 2
        }
        guard let (chapter, exercise) = try Check.target(id, chapters, Progress()) else { return 2 }
        let path = "Exercises/\(chapter.folder)/\(exercise.file)"
        // The workbook's own copy: the upstream branch if the clone has one, else the last commit.
        let ref = git(["rev-parse", "--verify", "--quiet", "origin/HEAD"], in: root) != nil ? "origin/HEAD" : "HEAD"
        guard let original = git(["show", "\(ref):\(path)"], in: root) else {
            throw WorkbookError("cannot read \(path) from git (\(ref)); is this a git clone of the workbook?")
        }
        let file = root.appendingPathComponent(path)
        let backup = root.appendingPathComponent(".workbook/backup/\(exercise.file)")
        try FileManager.default.createDirectory(at: backup.deletingLastPathComponent(), withIntermediateDirectories: true)
        if let current = try? Data(contentsOf: file) { try current.write(to: backup) }
        try original.write(to: file, atomically: true, encoding: .utf8)
        var progress = Progress.load(from: root)
        progress.record(exercise.id, passed: false)
        try progress.save(to: root)
        print("Restored \(path) from \(ref). Your version is in .workbook/backup/\(exercise.file).")
        return 0
    }

    /// The output of a git command, or nil if it failed.
    static func git(_ arguments: [String], in folder: URL) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = folder
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
