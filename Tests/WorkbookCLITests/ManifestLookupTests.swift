import Foundation
import Testing

@testable import WorkbookCLI

/// Looking exercises up is the manifest's job: by id, by a command's operand, by a stub's file.
@Suite struct ManifestLookupTests {
    static let chapters: Manifest = ProgressAndMapTests.chapters

    @Test("An exercise is found by its id, with its chapter")
    func byID() throws {
        let (chapter, exercise) = try Self.chapters.exercise("1.2")
        #expect(chapter.chapter == 1)
        #expect(exercise.id == "1.2")
        #expect(Self.chapters.exercise(id: "9.9") == nil)
    }

    @Test("An unknown id, or a missing operand, is a usage error that says what to type")
    func unknownOrMissing() {
        #expect(throws: WorkbookError.self) { try Self.chapters.exercise("9.9") }
        do {
            _ = try Self.chapters.exercise("9.9")
        } catch let error as WorkbookError {
            #expect(error.exitStatus == 2)
            #expect(
                error.description
                    == "there is no exercise 9.9. The exercises are: "
                    + Self.chapters.exerciseIDs.joined(separator: ", ")
            )
        } catch {
            Issue.record("unexpected \(error)")
        }
        do {
            _ = try Self.chapters.exercise(operand: nil, command: "hint")
        } catch let error as WorkbookError {
            #expect(error.report(command: "hint") == "workbook hint: which exercise? e.g. swift run workbook hint 0.1")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("An exercise is found by its stub's path")
    func byFile() {
        let chapter = Self.chapters[1], exercise = chapter.exercises[0]
        #expect(Self.chapters.exercise(inFile: chapter.path(of: exercise))?.exercise.id == exercise.id)
        #expect(Self.chapters.exercise(inFile: "Sources/Cluster/Node.swift") == nil)
    }

    @Test("Every command names an exercise's stub by the manifest's path(of:), and finds it by that path")
    func everyCommandNamesTheManifestsPath() {
        for chapter in Self.chapters {
            #expect(chapter.stubFolder == "Exercises/\(chapter.folder)")
            for exercise in chapter.exercises {
                let path = chapter.path(of: exercise)
                #expect(path == "\(chapter.stubFolder)/\(exercise.file)")
                #expect(Self.chapters.exercise(inFile: path)?.exercise.id == exercise.id)
                // The map and watch say what to open.
                var progress = Progress()
                for id in Self.chapters.exerciseIDs.prefix(while: { $0 != exercise.id }) {
                    progress.record(id, passed: true)
                }
                #expect(ChapterMap.render(Self.chapters, progress: progress).contains("open   \(path)"))
                #expect(Watch.waiting(for: chapter, exercise).contains("(\(path))"))
                // check: a failing run says which file to edit.
                let failing = TestRun.Case(
                    className: "\(chapter.testModule).\(exercise.suite)", name: "a()",
                    failures: ["Caught error: TODO(\(exercise.id)) is not done yet"])
                #expect(Check.describe([failing], exercise: exercise, file: path).contains("Edit \(path);"))
                // verify: a stub changed on disk, as git names it, is work in progress, not a stub.
                let changed = LearnerProgress([failing], chapters: Self.chapters, changedFiles: [path])
                let mine = changed.entries.first { $0.id == exercise.id }
                #expect(mine?.state == .inProgress(passed: 0, total: 1))
            }
        }
    }
}
