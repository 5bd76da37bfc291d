/// `workbook` / `workbook list`: the chapter map with progress and the next step.
enum ChapterMap {
    static func run(_ arguments: Arguments) throws -> Int32 {
        let root = try repositoryRoot()
        print(render(try ChapterManifest.loadAll(root: root), progress: Progress.load(from: root)))
        return 0
    }

    /// The map as text: each chapter with its prose file, each exercise done (✓) or pending (·),
    /// the next one marked (→), then what to do next.
    static func render(_ chapters: [ChapterManifest], progress: Progress) -> String {
        let next = progress.next(in: chapters)
        let total = chapters.reduce(0) { $0 + $1.exercises.count }
        let done = chapters.reduce(0) { $0 + $1.exercises.filter { progress.isDone($0.id) }.count }
        var lines = ["PG2 Workbook — Erlang's pg2, rebuilt in Swift   (\(done) of \(total) exercises done)", ""]
        for chapter in chapters {
            lines.append("Chapter \(chapter.chapter) — \(chapter.title)")
            lines.append("    read: \(chapter.prose)")
            for exercise in chapter.exercises {
                let mark = progress.isDone(exercise.id) ? "✓" : (exercise.id == next?.1.id ? "→" : "·")
                lines.append("    \(mark) \(exercise.id) \(exercise.title)")
            }
            lines.append("")
        }
        if let (chapter, exercise) = next {
            lines.append("Next: exercise \(exercise.id), \(exercise.title)")
            lines.append("    open   \(chapter.path(of: exercise))")
            lines.append("    check  swift run workbook check \(exercise.id)     (or: swift run workbook watch)")
            lines.append("    stuck? swift run workbook hint \(exercise.id)")
        } else {
            lines.append(
                "Every exercise is done: you have written each piece of pg2 and pg yourself. "
                    + "(Sources/ProcessGroups, pg2 and pg complete, runs the chapters' code, not yours.)"
            )
            lines.append("See them run: swift run workbook demo partition-heal, then swift run workbook demo pg-heal")
        }
        return lines.joined(separator: "\n")
    }
}
