/// `workbook hint <exercise> [--all]`: an exercise's hints, one level at a time.
///
/// Without `--all` it shows the first hint and says how many more there are; each further level
/// is nearer the answer (`workbook hint 0.1 --level 2`).
enum Hint {
    static func run(_ arguments: Arguments) throws -> Int32 {
        let chapters = try ChapterManifest.loadAll(root: try repositoryRoot())
        let (chapter, exercise) = try chapters.exercise(operand: arguments.firstOperand, command: "hint")
        let level = arguments.has("--all") ? exercise.hints.count : Int(arguments.value(after: "--level") ?? "1") ?? 1
        let shown = max(1, min(level, exercise.hints.count))
        print("Exercise \(exercise.id) — \(exercise.title)   (\(chapter.path(of: exercise)))")
        for (index, hint) in exercise.hints.prefix(shown).enumerated() {
            print("\nHint \(index + 1) of \(exercise.hints.count):\n  \(hint)")
        }
        if shown < exercise.hints.count {
            print("\nMore: swift run workbook hint \(exercise.id) --level \(shown + 1)   (or --all)")
        }
        return 0
    }
}
