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

    /// Every chapter manifest under `root`, in chapter order.
    static func loadAll(root: URL) throws -> [ChapterManifest] {
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

/// An error the CLI reports in one line, with what to do next.
struct WorkbookError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
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
