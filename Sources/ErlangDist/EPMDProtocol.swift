/// EPMD, the Erlang Port Mapper Daemon: how nodes find each other.
///
/// A node listens for distribution connections on whatever port the kernel gave it, so nobody
/// can guess where `b@host` is. Each host therefore runs one small directory, EPMD, on a
/// well-known port (4369, or `ERL_EPMD_PORT`): a starting node registers its short name and port
/// there (ALIVE2) and keeps that TCP connection open for its whole life — closing it is how a
/// node unregisters, even when it crashes. A node that wants to dial `b@host` first asks EPMD on
/// `host` for `b`'s port (PORT_PLEASE2); NAMES lists everyone registered.
///
/// Requests are `Len:16 | Request`; answers have no length prefix, and the one-shot requests end
/// with EPMD closing the socket. All integers are big-endian.
enum EPMDProtocol {
    static let alive2Request: UInt8 = 120
    static let alive2ExtendedResponse: UInt8 = 118
    static let alive2Response: UInt8 = 121
    static let portPlease2Request: UInt8 = 122
    static let port2Response: UInt8 = 119
    static let namesRequest: UInt8 = 110

    /// Wraps a request body in its `Len:16` prefix.
    static func framed(_ body: [UInt8]) -> [UInt8] {
        var w = WireWriter(capacity: body.count + 2)
        w.u16(UInt16(body.count))
        w.append(body)
        return w.bytes
    }

    static func alive2(_ entry: EPMDEntry) -> [UInt8] {
        var w = WireWriter()
        w.u8(alive2Request)
        w.u16(entry.port)
        w.u8(entry.nodeType)
        w.u8(entry.protocolID)
        w.u16(entry.highestVersion)
        w.u16(entry.lowestVersion)
        let name = Array(entry.name.utf8)
        w.u16(UInt16(name.count))
        w.append(name)
        w.u16(UInt16(entry.extra.count))
        w.append(entry.extra)
        return framed(w.bytes)
    }

    /// Parses an ALIVE2 request body (after its length prefix, starting with 120).
    static func parseAlive2(_ body: [UInt8]) throws(WireError) -> EPMDEntry {
        var r = WireReader(body)
        guard try r.u8() == alive2Request else { throw .malformed("not an ALIVE2 request") }
        let port = try r.u16("the port"), nodeType = try r.u8(), protocolID = try r.u8()
        let highest = try r.u16(), lowest = try r.u16()
        let nameBytes = try r.take(Int(try r.u16()), "the name")
        guard let name = String(validating: nameBytes, as: UTF8.self), !name.isEmpty, !nameBytes.contains(0) else {
            throw .malformed("an invalid node name")
        }
        let extra = r.remaining >= 2 ? try r.take(Int(try r.u16()), "the extra field") : []
        return EPMDEntry(
            name: name, port: port, nodeType: nodeType, protocolID: protocolID,
            highestVersion: highest, lowestVersion: lowest, extra: extra)
    }

    static func alive2Reply(ok: Bool, creation: UInt32) -> [UInt8] {
        var w = WireWriter()
        w.u8(alive2ExtendedResponse)
        w.u8(ok ? 0 : 1)
        w.u32(creation)
        return w.bytes
    }

    static func portPlease2(_ name: String) -> [UInt8] { framed([portPlease2Request] + Array(name.utf8)) }

    static func port2Reply(_ entry: EPMDEntry?) -> [UInt8] {
        var w = WireWriter()
        w.u8(port2Response)
        guard let entry else { w.u8(1); return w.bytes }
        w.u8(0)
        w.u16(entry.port)
        w.u8(entry.nodeType)
        w.u8(entry.protocolID)
        w.u16(entry.highestVersion)
        w.u16(entry.lowestVersion)
        let name = Array(entry.name.utf8)
        w.u16(UInt16(name.count))
        w.append(name)
        w.u16(UInt16(entry.extra.count))
        w.append(entry.extra)
        return w.bytes
    }

    /// Parses a whole PORT2 answer; nil when EPMD knows no such name.
    static func parsePort2Reply(_ bytes: [UInt8]) throws(WireError) -> EPMDEntry? {
        var r = WireReader(bytes)
        guard try r.u8("the answer") == port2Response else { throw .malformed("not a PORT2 answer") }
        guard try r.u8("the result") == 0 else { return nil }
        let port = try r.u16("the port"), nodeType = try r.u8(), protocolID = try r.u8()
        let highest = try r.u16(), lowest = try r.u16()
        let name = String(decoding: try r.take(Int(try r.u16()), "the name"), as: UTF8.self)
        let extra = r.remaining >= 2 ? try r.take(Int(try r.u16()), "the extra field") : []
        return EPMDEntry(
            name: name, port: port, nodeType: nodeType, protocolID: protocolID,
            highestVersion: highest, lowestVersion: lowest, extra: extra)
    }

    static func names() -> [UInt8] { framed([namesRequest]) }

    static func namesReply(epmdPort: UInt16, entries: [EPMDEntry]) -> [UInt8] {
        var w = WireWriter()
        w.u32(UInt32(epmdPort))
        for entry in entries { w.append("name \(entry.name) at port \(entry.port)\n") }
        return w.bytes
    }

    /// Parses a whole NAMES answer: `EpmdPort:32`, then lines `name N at port P`.
    static func parseNamesReply(_ bytes: [UInt8]) throws(WireError) -> [(name: String, port: UInt16)] {
        var r = WireReader(bytes)
        _ = try r.u32("the EPMD port")
        let text = String(decoding: r.rest(), as: UTF8.self)
        return text.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard words.count == 5, words[0] == "name", words[2] == "at", words[3] == "port",
                let port = UInt16(words[4])
            else { return nil }
            return (String(words[1]), port)
        }
    }
}

/// What EPMD knows of one node.
public struct EPMDEntry: Sendable, Equatable {
    /// The node's short name: the part before the `@`.
    public var name: String
    /// The port the node accepts distribution connections on.
    public var port: UInt16
    /// 77 for a normal node, 72 for a hidden one.
    public var nodeType: UInt8 = 77
    /// 0: TCP/IPv4.
    public var protocolID: UInt8 = 0
    public var highestVersion: UInt16 = 6
    public var lowestVersion: UInt16 = 6
    public var extra: [UInt8] = []

    /// An entry; the defaults describe a normal node speaking version 6 over TCP/IPv4. O(1).
    public init(
        name: String, port: UInt16, nodeType: UInt8 = 77, protocolID: UInt8 = 0,
        highestVersion: UInt16 = 6, lowestVersion: UInt16 = 6, extra: [UInt8] = []
    ) {
        self.name = name
        self.port = port
        self.nodeType = nodeType
        self.protocolID = protocolID
        self.highestVersion = highestVersion
        self.lowestVersion = lowestVersion
        self.extra = extra
    }
}
