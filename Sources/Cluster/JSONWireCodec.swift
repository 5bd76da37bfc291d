import Distributed
import Foundation

/// The simulated network's codec: JSON with sorted keys.
///
/// Sorted keys matter: a `Dictionary` encodes its entries in hash order, which differs from one
/// process to the next, and a trace or a wire byte that differs between two runs of one seed
/// breaks determinism. JSON is also readable, which makes traces friendly
/// (`call <b.1> ProcessActor.echo(_:) ["hi"]`).
///
/// Distributed actor references inside a payload encode as their ``Pid``; decoding one needs the
/// receiving node, which goes in `userInfo[.actorSystemKey]` — the runtime's own convention.
public struct JSONWireCodec: WireCodec {
    /// The codec. O(1).
    public init() {}

    /// `value` as JSON with sorted keys. O(s) for s bytes of JSON, plus sorting the keys of each
    /// keyed container (O(k log k) for k keys).
    public func encode<Value: Encodable>(_ value: Value, for node: Node) throws -> Payload {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.userInfo[.actorSystemKey] = node
        return Payload(Array(try encoder.encode(value)))
    }

    /// The `Value` that `payload` holds. O(size of the payload).
    public func decode<Value: Decodable>(_ type: Value.Type, from payload: Payload, for node: Node)
        throws -> Value
    {
        let decoder = JSONDecoder()
        decoder.userInfo[.actorSystemKey] = node
        return try decoder.decode(Value.self, from: Data(payload.bytes))
    }

    /// The JSON text itself. O(size of the payload).
    public func describe(_ payload: Payload) -> String {
        String(decoding: payload.bytes, as: UTF8.self)
    }
}
