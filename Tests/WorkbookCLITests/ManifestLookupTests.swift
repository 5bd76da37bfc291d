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
}
