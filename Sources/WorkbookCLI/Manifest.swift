import Foundation

/// The exercises, as listed in `Exercises/manifest/NN-Chapter.json` (one file per chapter).
struct ChapterManifest: Codable {
    struct Exercise: Codable {
        let id: String
        let title: String
        /// The file's name inside the chapter's folder.
        let file: String
        /// The test suite's type name, e.g. `BrokenTableTests`.
        let suite: String
        let hints: [String]
    }

    let chapter: Int
    let title: String
    let folder: String
    let prose: String
    let exercises: [Exercise]

    /// The exercise target's test module, e.g. `LocalTableExercisesTests`.
    var testModule: String {
        String(folder.drop { $0 != "-" }.dropFirst()) + "ExercisesTests"
    }

    /// The folder of the chapter's stubs, relative to the repository, e.g. `Exercises/01-LocalTable`.
    var stubFolder: String { "Exercises/\(folder)" }

    /// The stub's path relative to the repository, e.g. `Exercises/01-LocalTable/BrokenTable.swift`.
    /// Every command that names an exercise's file asks here.
    func path(of exercise: Exercise) -> String { "\(stubFolder)/\(exercise.file)" }

    /// Every chapter manifest under `root`, in chapter order.
    static func loadAll(root: URL) throws -> Manifest {
        let folder = root.appendingPathComponent("Exercises/manifest")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            do {
                return try JSONDecoder().decode(ChapterManifest.self, from: data)
            } catch {
                throw WorkbookError("Exercises/manifest/\(name) is not a valid manifest: \(error)")
            }
        }.sorted { $0.chapter < $1.chapter }
    }
}

/// The whole workbook's manifest: every chapter's, in chapter order. Every look-up of an
/// exercise — by id, by a command's operand, by its stub's file — is one of its methods.
typealias Manifest = [ChapterManifest]

extension Manifest {
    /// An exercise with the chapter it belongs to.
    typealias Located = (chapter: ChapterManifest, exercise: ChapterManifest.Exercise)

    /// Every exercise's id, in book order.
    var exerciseIDs: [String] { flatMap { $0.exercises.map(\.id) } }

    /// The first exercise's id, for examples (`0.1` if there is none).
    var firstExerciseID: String { first?.exercises.first?.id ?? "0.1" }

    /// The exercise whose id is `id` (e.g. `3.2`), if there is one.
    func exercise(id: String) -> Located? {
        for chapter in self {
            if let exercise = chapter.exercises.first(where: { $0.id == id }) { return (chapter, exercise) }
        }
        return nil
    }

    /// The exercise `id` names; a usage error that lists the exercises if there is none.
    func exercise(_ id: String) throws -> Located {
        guard let found = exercise(id: id) else {
            throw WorkbookError.usage(
                "there is no exercise \(id). The exercises are: \(exerciseIDs.joined(separator: ", "))")
        }
        return found
    }

    /// The exercise a command's operand names; a usage error asking which if it names none.
    func exercise(operand: String?, command: String) throws -> Located {
        guard let operand else {
            throw WorkbookError.usage("which exercise? e.g. swift run workbook \(command) \(firstExerciseID)")
        }
        return try exercise(operand)
    }

    /// The exercise whose stub is `file` (a path relative to the repository), if any.
    func exercise(inFile file: String) -> Located? {
        for chapter in self {
            if let exercise = chapter.exercises.first(where: { chapter.path(of: $0) == file }) {
                return (chapter, exercise)
            }
        }
        return nil
    }
}

/// The repository root: the current folder, if it holds the workbook's Package.swift.
func repositoryRoot() throws -> URL {
    let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    guard FileManager.default.fileExists(atPath: here.appendingPathComponent("Exercises/manifest").path)
    else {
        throw WorkbookError("run this from the workbook's folder (the one with Package.swift and Exercises/)")
    }
    return here
}
