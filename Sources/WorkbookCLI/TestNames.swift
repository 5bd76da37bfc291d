import Foundation

/// Tests' display names and lines, from Swift Testing's event stream (version 0): one JSON
/// record per line; a `"kind":"test"` record describes one suite or test function.
struct TestNames: Equatable {
    struct Entry: Equatable {
        var displayName: String?
        var line: Int?
    }

    /// By `Module.Suite` and function name, as the xUnit report names a test.
    private(set) var entries: [String: Entry] = [:]

    init() {}

    init(eventStream data: Data) {
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let record = try? JSONDecoder().decode(Record.self, from: Data(line)), record.kind == "test",
                let test = record.payload, test.kind == "function", let name = test.name, let id = test.id
            else { continue }
            entries[Self.key(id: id, name: name)] = Entry(
                displayName: test.displayName.flatMap { $0.isEmpty ? nil : $0 }, line: test.sourceLocation?.line)
        }
    }

    /// `Module.Suite` and the function name, from a test id such as
    /// `Module.Suite/name(seed:)/File.swift:12:6` (a nested suite adds `/Inner` before the name).
    static func key(id: String, name: String) -> String {
        let path = id.split(separator: "/").map(String.init)
        let suites = path.count > 2 ? Array(path.dropLast(2)) : Array(path.prefix(1))
        return key(className: suites.joined(separator: "."), name: name)
    }

    static func key(className: String, name: String) -> String { className + " " + name }

    /// `cases` with their display names and lines filled in where the stream has them.
    func apply(to cases: [TestRun.Case]) -> [TestRun.Case] {
        cases.map { test in
            guard let entry = entries[Self.key(className: test.className, name: test.name)] else { return test }
            var named = test
            named.displayName = entry.displayName
            named.line = entry.line
            return named
        }
    }

    private struct Record: Decodable {
        let kind: String
        let payload: Test?
    }

    private struct Test: Decodable {
        struct Location: Decodable { let line: Int? }
        let kind: String?
        let id: String?
        let name: String?
        let displayName: String?
        let sourceLocation: Location?
    }
}
