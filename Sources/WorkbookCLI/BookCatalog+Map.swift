import Foundation

/// The book's map page, and the check that the chapters' "original" tables agree with it.
extension BookCatalog {
    /// The map: one table from every pg2.erl function (and the global.erl and pg.erl functions the
    /// chapters rebuild) to its Swift counterpart, chapter and file. The chapters' "The original"
    /// tables are excerpts of it (``mapProblems()`` checks that they agree).
    static let mapFile = "Chapters/ErlangToSwift.md"

    /// A row of the map: the chapter's number, the Erlang cell, the Swift cell (links qualified by
    /// module) and the files the Swift symbols are in.
    struct MapRow: Equatable {
        let chapter: Int
        let erlang: String
        let swift: String
        let files: [String]
    }

    /// The cells of a markdown table row, `| a | b |` → `["a", "b"]`.
    static func cells(_ row: String) -> [String] {
        var row = Substring(row.trimmingCharacters(in: .whitespaces))
        if row.hasPrefix("|") { row = row.dropFirst() }
        if row.hasSuffix("|") { row = row.dropLast() }
        return row.components(separatedBy: " | ").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The map's rows, in order.
    func mapRows() throws -> [MapRow] {
        let text = try String(contentsOf: root.appendingPathComponent(Self.mapFile), encoding: .utf8)
        return text.components(separatedBy: "\n").compactMap { line in
            let cells = Self.cells(line)
            guard line.hasPrefix("| "), cells.count == 4, let chapter = Int(cells[0]) else { return nil }
            let files = cells[3].components(separatedBy: ", ").map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            }
            return MapRow(chapter: chapter, erlang: cells[1], swift: cells[2], files: files.filter { !$0.isEmpty })
        }
    }

    /// The rows of chapter `chapter`'s "The original" table, as (Erlang cell, Swift cell), its links
    /// qualified by the chapter's module.
    func originalRows(_ chapter: ChapterManifest) throws -> [(erlang: String, swift: String)] {
        let module = Self.overviews[chapter.chapter].module
        let lines = try essay(chapter).drop { !$0.hasPrefix("## The original") }.dropFirst()
            .prefix { $0.hasPrefix("|") }.dropFirst(2)
        return lines.map { line in
            let cells = Self.cells(qualify(line, module: module))
            return (cells.first ?? "", cells.dropFirst().joined(separator: " | "))
        }
    }

    /// The map's page: the table of ``mapFile``, each chapter number a link to its page.
    func map() throws -> String {
        let text = try String(contentsOf: root.appendingPathComponent(Self.mapFile), encoding: .utf8)
        return text.components(separatedBy: "\n").map { line in
            let cells = Self.cells(line)
            guard line.hasPrefix("| "), cells.count == 4, let chapter = Int(cells[0]) else { return line }
            return "| <doc:Chapter\(chapter)> | " + cells.dropFirst().joined(separator: " | ") + " |"
        }.joined(separator: "\n")
    }

    /// Where the map and the chapters disagree: a chapter's "original" row that is not a row of
    /// the map under that chapter, word for word; a file the map names that does not exist; a
    /// symbol it links that is declared in none of its row's files. Empty when all agree.
    func mapProblems() throws -> [String] {
        let rows = try mapRows()
        var problems: [String] = []
        for chapter in chapters {
            for (erlang, swift) in try originalRows(chapter)
            where !rows.contains(where: { $0.chapter == chapter.chapter && $0.erlang == erlang && $0.swift == swift }) {
                problems.append("chapter \(chapter.chapter)'s row \(erlang) → \(swift) is not in \(Self.mapFile)")
            }
        }
        for row in rows {
            let sources = row.files.map { root.appendingPathComponent($0) }
            let texts = sources.compactMap { try? String(contentsOf: $0, encoding: .utf8) }
            if texts.count < sources.count { problems.append("\(row.erlang): a file of \(row.files) is missing") }
            let links = row.swift.components(separatedBy: "``").enumerated().filter { $0.offset % 2 == 1 }.map(
                \.element)
            for link in links where !texts.contains(where: { Self.declares($0, link) }) {
                problems.append("\(row.erlang): ``\(link)`` is declared in none of \(row.files)")
            }
        }
        return problems
    }

    /// Whether `source` declares the last component of the symbol link `link`: a type for
    /// `Module/Type`, a function, property or case (or an `init`) for a longer path.
    static func declares(_ source: String, _ link: String) -> Bool {
        let path = link.components(separatedBy: "/")
        let name = String(path.last?.prefix { $0 != "(" } ?? "")
        guard !name.isEmpty else { return false }
        if path.count <= 2 {
            let kinds = ["struct", "class", "actor", "enum", "protocol", "typealias"]
            return kinds.contains { kind in
                source.contains("\(kind) \(name) ") || source.contains("\(kind) \(name):")
                    || source.contains("\(kind) \(name)<") || source.contains("\(kind) \(name) =")
            }
        }
        if name == "init" { return source.contains("init(") }
        return ["func", "var", "let", "case"].contains { kind in
            ["(", " ", ":", "<", "\n"].contains { source.contains("\(kind) \(name)\($0)") }
        }
    }
}
