import Foundation

/// `workbook reset <exercise>`: puts an exercise's original stub back, from the repository's own
/// history (git), not from the network. The current file is kept in `.workbook/backup/` first.
enum Reset {
    static func run(_ arguments: Arguments) throws -> Int32 {
        let root = try repositoryRoot()
        let chapters = try ChapterManifest.loadAll(root: root)
        let (chapter, exercise) = try chapters.exercise(operand: arguments.firstOperand, command: "reset")
        let path = chapter.path(of: exercise)
        // The workbook's own copy: the upstream branch if the clone has one, else the last commit.
        let upstream = Git.run(["rev-parse", "--verify", "--quiet", "origin/HEAD"], in: root)
        let ref = (try? upstream.get()) != nil ? "origin/HEAD" : "HEAD"
        guard let original = try? Git.run(["show", "\(ref):./\(path)"], in: root).get() else {
            throw WorkbookError("cannot read \(path) from git (\(ref)); is this a git clone of the workbook?")
        }
        let file = root.appendingPathComponent(path)
        let backup = root.appendingPathComponent(".workbook/backup/\(exercise.file)")
        try FileManager.default.createDirectory(
            at: backup.deletingLastPathComponent(), withIntermediateDirectories: true)
        if let current = try? Data(contentsOf: file) { try current.write(to: backup) }
        try original.write(to: file, atomically: true, encoding: .utf8)
        var progress = Progress.load(from: root)
        progress.record(exercise.id, passed: false)
        try progress.save(to: root)
        print("Restored \(path) from \(ref). Your version is in .workbook/backup/\(exercise.file).")
        return 0
    }
}
