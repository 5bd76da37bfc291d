import ErlangDist
import Foundation

/// One line of Fixtures/terms.txt: a term as a real Erlang/OTP 25 node encoded it with
/// `term_to_binary(T, [{minor_version, 2}])` (Fixtures/make-fixtures.sh regenerates the file).
struct Golden: Sendable {
    let name: String
    /// Erlang's `~tw` rendering, for messages.
    let rendering: String
    let bytes: [UInt8]
}

enum GoldenFixtures {
    /// Every fixture, in file order.
    static let all: [Golden] = load()

    static subscript(name: String) -> Golden {
        guard let golden = all.first(where: { $0.name == name }) else { fatalError("no fixture named \(name)") }
        return golden
    }

    private static func load() -> [Golden] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/terms.txt")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { fatalError("cannot read \(url.path)") }
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            precondition(fields.count == 3, "a fixture line has three fields: \(line.prefix(60))")
            return Golden(name: String(fields[0]), rendering: String(fields[1]), bytes: hexBytes(fields[2]))
        }
    }

    private static func hexBytes(_ hex: Substring) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { i in
            UInt8(String(decoding: digits[i..<i + 2], as: UTF8.self), radix: 16)!
        }
    }
}

// Shorthands for writing expected terms.
func atom(_ name: String) -> Term { .atom(name) }
func int(_ value: Int64) -> Term { .integer(value) }
func tuple(_ elements: Term...) -> Term { .tuple(elements) }
func list(_ elements: Term...) -> Term { .properList(elements) }
func bin(_ text: String) -> Term { .binary(Array(text.utf8)) }
func charlist(_ text: String) -> Term { .properList(text.unicodeScalars.map { .integer(Int64($0.value)) }) }
func map(_ pairs: (Term, Term)...) -> Term { .map(pairs.map { MapEntry($0.0, $0.1) }) }
