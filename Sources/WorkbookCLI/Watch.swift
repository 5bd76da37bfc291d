import Foundation

/// `workbook watch`: re-checks the current exercise whenever a `.swift` file under `Exercises/`
/// is saved — any of them, since a compile error in one stops every exercise's tests — and moves
/// on to the next exercise when it passes. Polls modification times once a second: no
/// file-system APIs beyond Foundation, no dependencies. Stop it with Ctrl-C.
enum Watch {
    static func run(_ arguments: Arguments) throws -> Int32 {
        let root = try repositoryRoot()
        let chapters = try ChapterManifest.loadAll(root: root)
        var stamp = fingerprint(root.appendingPathComponent("Exercises"))
        var needsCheck = true
        print(
            "Watching every .swift file under Exercises/ — save one to re-check the current exercise; "
                + "Ctrl-C to stop.")
        while true {
            var progress = Progress.load(from: root)
            guard let (chapter, exercise) = progress.next(in: chapters) else {
                print("Every exercise is done.")
                return 0
            }
            if needsCheck {
                let outcome = try Check.check(chapter, exercise, root: root, chapters: chapters)
                print(outcome.report)
                progress.record(exercise.id, outcome)  // a build failure records nothing
                try progress.save(to: root)
                needsCheck = outcome.passed == true  // passed: go straight on to the next exercise
                if !needsCheck { print("\n" + waiting(for: chapter, exercise)) }
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

    /// What watch waits for, said as it is: a save of any `.swift` file under `Exercises/`, after
    /// which it checks the current exercise again.
    static func waiting(for chapter: ChapterManifest, _ exercise: ChapterManifest.Exercise) -> String {
        "Waiting for a save of any .swift file under Exercises/ — then exercise \(exercise.id) "
            + "(\(chapter.path(of: exercise))) is checked again …"
    }

    /// Every Swift file under `folder` with its modification time, sorted by path.
    static func fingerprint(_ folder: URL) -> [String] {
        guard
            let walker = FileManager.default.enumerator(
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
