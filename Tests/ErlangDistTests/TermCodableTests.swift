import ErlangDist
import Foundation
import Testing

struct Person: Codable, Equatable {
    var name: String
    var age: Int
    var admin: Bool
    var tags: [String]
    var manager: String?
    var score: Double
}

enum Shape: Codable, Equatable {
    case point
    case circle(Double)
    case rect(width: Double, height: Double)
}

struct Drawing: Codable, Equatable {
    var title: String
    var shapes: [Shape]
    var owner: Person
    var by: ErlangPid
}

/// Everything the mapping has to get right at once.
struct Everything: Codable, Equatable {
    enum Event: Codable, Equatable {
        case started
        case moved(Int, to: String?)
        case batch(events: [Event], at: Date?)
        case raw(Term)
    }

    var events: [Event]
    var counts: [String: Int]
    var byID: [Int: Person]
    var nested: [[Int?]]
    var set: Set<Int>
    var data: Data
    var bytes: [UInt8]
    var big: UInt64
    var huge: Int128
    var tiny: Int8
    var ratio: Float
    var reference: ErlangReference?
    var missing: String?
}

@Suite struct TermCodableTests {
    let encoder = TermEncoder(), decoder = TermDecoder()
    let ada = Person(name: "Ada", age: 36, admin: true, tags: ["math", "engines"], manager: nil, score: 9.5)

    func pid() throws -> ErlangPid {
        try #require(try ExternalTermFormat.decode(GoldenFixtures["pid"].bytes).pidValue)
    }

    /// The bytes a Swift value encodes to are the bytes Erlang writes for the term an Erlang
    /// programmer would write, and Erlang's bytes decode to the Swift value.
    func expectErlang<T: Codable & Equatable>(_ value: T, _ fixture: String) throws {
        let golden = GoldenFixtures[fixture]
        #expect(try encoder.encodeExternalFormat(value) == golden.bytes, "\(fixture): \(golden.rendering.prefix(100))")
        #expect(try decoder.decode(T.self, fromExternalFormat: golden.bytes) == value, "\(fixture)")
    }

    @Test func valuesLookAsErlangWouldWriteThem() throws {
        try expectErlang(ada, "codable_person")
        try expectErlang(Shape.point, "codable_point")
        try expectErlang(Shape.circle(2), "codable_circle")
        try expectErlang(Shape.rect(width: 3, height: 4.5), "codable_rect")
        try expectErlang(["a": 1, "b": 2, "zeta": 26], "codable_counts")
        try expectErlang([1, nil, 3] as [Int?], "codable_optionals")
        let drawing = Drawing(title: "sketch", shapes: [.point, .circle(1.5)], owner: ada, by: try pid())
        try expectErlang(drawing, "codable_drawing")
    }

    @Test func theTermsThemselves() throws {
        #expect(try encoder.encode(Shape.rect(width: 3, height: 4.5)) == tuple(atom("rect"), .float(3), .float(4.5)))
        #expect(try encoder.encode(Shape.point) == atom("point"))
        #expect(try encoder.encode(Optional<Int>.none) == atom("undefined"))
        #expect(try encoder.encode([1: "one"]) == map((int(1), bin("one"))))
        #expect(
            try encoder.encode(UInt64.max) == .bigInteger(negative: false, magnitude: Array(repeating: 255, count: 8)))
        let moved = try encoder.encode(Everything.Event.moved(3, to: nil))
        #expect(moved == tuple(atom("moved"), int(3), atom("undefined")))
        #expect(try encoder.encode(Everything.Event.raw(tuple(atom("ok")))) == tuple(atom("raw"), tuple(atom("ok"))))
    }

    @Test func everythingRoundTrips() throws {
        let reference = try #require(try ExternalTermFormat.decode(GoldenFixtures["reference"].bytes).referenceValue)
        let value = Everything(
            events: [
                .started, .moved(-1, to: "b"), .moved(2, to: nil),
                .batch(
                    events: [.started, .raw(.list([atom("a")], tail: atom("b")))],
                    at: Date(timeIntervalSinceReferenceDate: 12.5)),
                .batch(events: [], at: nil),
            ],
            counts: ["x": 1, "y": -2],
            byID: [7: ada, -1: Person(name: "", age: 0, admin: false, tags: [], manager: "Bob", score: -1)],
            nested: [[], [1, nil], [nil]], set: [3, 1, 2], data: Data([0, 255, 7]), bytes: [1, 2, 3],
            big: .max, huge: .min, tiny: -128, ratio: 0.25, reference: reference, missing: nil)
        let bytes = try encoder.encodeExternalFormat(value)
        #expect(try decoder.decode(Everything.self, fromExternalFormat: bytes) == value)
    }

    @Test func decodingIsForgivingWhereErlangIsVarious() throws {
        #expect(try decoder.decode(String.self, from: charlist("héllo")) == "héllo")
        #expect(try decoder.decode(String.self, from: .nil) == "")
        #expect(try decoder.decode(String.self, from: atom("node@host")) == "node@host")
        #expect(try decoder.decode(Double.self, from: int(3)) == 3)
        #expect(try decoder.decode([Int].self, from: tuple(int(1), int(2))) == [1, 2])
        #expect(try decoder.decode([UInt8].self, from: .binary([9, 8])) == [9, 8])
        // A missing key is nil; binary keys do for atoms.
        let sparse = map(
            (bin("name"), bin("Ada")), (atom("age"), int(36)), (atom("admin"), atom("false")),
            (atom("tags"), .nil), (atom("score"), int(1)))
        #expect(
            try decoder.decode(Person.self, from: sparse)
                == Person(name: "Ada", age: 36, admin: false, tags: [], manager: nil, score: 1))
    }

    @Test func mismatchesAreDecodingErrors() throws {
        #expect(throws: DecodingError.self) { try decoder.decode(Int8.self, from: int(300)) }
        #expect(throws: DecodingError.self) { try decoder.decode(UInt.self, from: int(-1)) }
        #expect(throws: DecodingError.self) {
            try decoder.decode(Int64.self, from: .bigInteger(negative: false, magnitude: Array(repeating: 1, count: 9)))
        }
        #expect(throws: DecodingError.self) { try decoder.decode(Bool.self, from: int(1)) }
        #expect(throws: DecodingError.self) { try decoder.decode(Shape.self, from: atom("hexagon")) }
        #expect(throws: DecodingError.self) { try decoder.decode(Shape.self, from: tuple(atom("circle"))) }
        #expect(throws: DecodingError.self) { try decoder.decode(Person.self, from: map((atom("name"), bin("Ada")))) }
        #expect(throws: DecodingError.self) { try decoder.decode(String.self, from: .binary([0xFF])) }
        #expect(throws: EncodingError.self) { try encoder.encode(Double.nan) }
        #expect(
            try decoder.decode(
                Int128.self, from: .bigInteger(negative: true, magnitude: Array(repeating: 0, count: 15) + [0x80]))
                == .min)
    }

    /// Other coders see a `Term` as its external format bytes, a pid as its fields.
    @Test func termsSurviveOtherCoders() throws {
        struct Envelope: Codable, Equatable {
            var payload: Term
            var from: ErlangPid
        }
        let envelope = Envelope(payload: tuple(atom("hello"), .float(1.5), .nil), from: try pid())
        let json = try JSONEncoder().encode(envelope)
        #expect(try JSONDecoder().decode(Envelope.self, from: json) == envelope)
        #expect(String(decoding: json, as: UTF8.self).contains("\"node\":\"fixtures@127.0.0.1\""))
    }
}
