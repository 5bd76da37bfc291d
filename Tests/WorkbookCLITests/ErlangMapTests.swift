import Foundation
import Testing

@testable import WorkbookCLI

/// The pg2.erl → Swift map, `Chapters/ErlangToSwift.md`, is the one map: every chapter's "The
/// original" table is an excerpt of it, and every symbol it names exists where it says.
@Suite struct ErlangMapTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func catalog() throws -> BookCatalog {
        BookCatalog(root: root, chapters: try ChapterManifest.loadAll(root: root))
    }

    @Test("Every chapter's original rows are rows of the map, and every symbol it names exists")
    func everyChaptersOriginalRowsAreInTheMapAndEverySymbolExists() throws {
        let catalog = try Self.catalog()
        #expect(catalog.chapters.count == 8)
        let problems = try catalog.mapProblems()
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        for chapter in catalog.chapters {
            #expect(try !catalog.originalRows(chapter).isEmpty, "chapter \(chapter.chapter)")
        }
    }

    @Test("The map covers every function of pg2.erl, member_in_group and the three homes of join_group included")
    func theMapCoversEveryFunctionOfPG2() throws {
        let rows = try Self.catalog().mapRows()
        let erlang = rows.map(\.erlang).joined(separator: " ")
        for function in [
            "start/0", "start_link/0", "create/1", "delete/1", "join/2", "leave/2", "get_members/1",
            "get_local_members/1", "which_groups/0", "get_closest_pid/1", "random_element/1", "init/1", "handle_call",
            "handle_cast", "handle_info", "terminate/2", "ensure_started", "store/1", "assure_group", "delete_group",
            "member_died", "join_group", "leave_group", "all_members", "group_members", "local_group_members",
            "member_in_group/2", "member_groups", "all_groups", "do_monitor", "kill_monitor_proc",
        ] {
            #expect(erlang.contains("`\(function)") || erlang.contains(" \(function)"), "\(function) is not in the map")
        }
        let joinGroup = rows.filter { $0.erlang.contains("join_group") }.map(\.swift).joined(separator: " ")
        for home in [
            "``LocalTable/GroupRows/joinGroup(_:_:)``", "``Monitors/Memberships/join(_:_:monitoring:)``",
            "``SingleNodeServer/PG2Server/join(_:_:)``",
        ] {
            #expect(joinGroup.contains(home), "join_group's home \(home)")
        }
    }

    @Test("A row the chapters and the map disagree on, or a symbol that is not there, is reported")
    func disagreementsAreReported() {
        #expect(
            BookCatalog.declares(
                "public mutating func joinGroup(_ name: GroupName", "LocalTable/GroupRows/joinGroup(_:_:)"))
        #expect(
            !BookCatalog.declares("public func leaveGroup(_ name: GroupName", "LocalTable/GroupRows/joinGroup(_:_:)"))
        #expect(BookCatalog.declares("public struct GroupRows: Sendable {", "LocalTable/GroupRows"))
        #expect(
            BookCatalog.cells("| 1 | `assure_group` | ``GroupRows/assureGroup(_:)`` | `a.swift` |")
                == ["1", "`assure_group`", "``GroupRows/assureGroup(_:)``", "`a.swift`"])
    }
}
