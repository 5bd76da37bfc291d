import Foundation

/// `workbook watch`: re-checks the current exercise whenever a file under `Exercises/` changes,
/// and moves on to the next one when it passes. Polls modification times once a second — no
/// file-system APIs beyond Foundation, no dependencies. Stop it with Ctrl-C.
enum Watch {
    static func run(_ arguments: Arguments) throws -> Int32 {
        let root = try repositoryRoot()
        let chapters = try ChapterManifest.loadAll(root: root)
        var stamp = fingerprint(root.appendingPathComponent("Exercises"))
        var needsCheck = true
        print("Watching Exercises/ — save a file to re-check; Ctrl-C to stop.")
        while true {
            var progress = Progress.load(from: root)
            guard let (chapter, exercise) = progress.next(in: chapters) else {
                print("Every exercise is done.")
                return 0
            }
            if needsCheck {
                let outcome = try Check.check(chapter, exercise, root: root)
                print(outcome.report)
                progress.record(exercise.id, passed: outcome.passed)
                try progress.save(to: root)
                needsCheck = outcome.passed  // passed: go straight on to the next exercise
                if !outcome.passed { print("\nWaiting for a change to Exercises/\(chapter.folder)/\(exercise.file) …") }
                continue
            }
            Thread.sleep(forTimeInterval: 1)
            let now = fingerprint(root.appendingPathComponent("Exercises"))
            if now != stamp {
                stamp = now
                needsCheck = true
            }
        }
    }

    /// Every Swift file under `folder` with its modification time, sorted by path.
    static func fingerprint(_ folder: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(
            at: folder, includingPropertiesForKeys: [.contentModificationDateKey])
        else { return [] }
        var entries: [String] = []
        for case let url as URL in walker where url.pathExtension == "swift" {
            let date = (try? url.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate
            entries.append("\(url.path) \(date?.timeIntervalSince1970 ?? 0)")
        }
        return entries.sorted()
    }
}
