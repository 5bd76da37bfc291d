/// The five messages of the version 6 handshake, each sent as `Len:16 | Body`.
///
/// ```
/// A (dials)                                     B (accepts)
/// 'N' Flags:64 Creation:32 Nlen:16 Name    -->
///                                          <--  's' Status
/// ['s' "true" | "false"  if B said alive   -->]
///                                          <--  'N' Flags:64 Challenge:32 Creation:32 Nlen:16 Name
/// 'r' Challenge:32 Digest:16               -->
///                                          <--  'a' Digest:16
/// ```
/// Bytes after the name in either `'N'` are room for extensions and are ignored.
enum HandshakeMessages {
    /// The dialler's introduction: who it is and what it can speak.
    struct Name: Equatable {
        var flags: HandshakeFlags
        var creation: UInt32
        var name: String
    }

    /// The acceptor's introduction, with its challenge for the dialler.
    struct Challenge: Equatable {
        var flags: HandshakeFlags
        var challenge: UInt32
        var creation: UInt32
        var name: String
    }

    static func name(_ m: Name) -> [UInt8] {
        var w = WireWriter()
        w.u8(UInt8(ascii: "N"))
        w.u64(m.flags.rawValue)
        w.u32(m.creation)
        let name = Array(m.name.utf8)
        w.u16(UInt16(name.count))
        w.append(name)
        return w.bytes
    }

    static func parseName(_ body: [UInt8]) throws(HandshakeError) -> Name {
        if body.first == UInt8(ascii: "n") {
            throw .unsupported("a version 5 handshake ('n'); only version 6 is spoken")
        }
        guard body.first == UInt8(ascii: "N") else {
            throw .malformed("expected the dialler's name ('N'), got byte \(body.first ?? 0)")
        }
        var r = WireReader(body, offset: 1)
        do throws(WireError) {
            let flags = HandshakeFlags(rawValue: try r.u64("the flags"))
            let creation = try r.u32("the creation")
            let name = try nodeName(try r.take(Int(try r.u16("the name's length")), "the name"))
            return Name(flags: flags, creation: creation, name: name)
        } catch {
            throw .malformed("the dialler's name message: \(error)")
        }
    }

    static func status(_ text: String) -> [UInt8] { [UInt8(ascii: "s")] + Array(text.utf8) }

    static func parseStatus(_ body: [UInt8]) throws(HandshakeError) -> String {
        guard body.first == UInt8(ascii: "s") else {
            throw .malformed("expected a status ('s'), got \(body.prefix(1))")
        }
        return String(decoding: body.dropFirst(), as: UTF8.self)
    }

    static func challenge(_ m: Challenge) -> [UInt8] {
        var w = WireWriter()
        w.u8(UInt8(ascii: "N"))
        w.u64(m.flags.rawValue)
        w.u32(m.challenge)
        w.u32(m.creation)
        let name = Array(m.name.utf8)
        w.u16(UInt16(name.count))
        w.append(name)
        return w.bytes
    }

    static func parseChallenge(_ body: [UInt8]) throws(HandshakeError) -> Challenge {
        guard body.first == UInt8(ascii: "N") else {
            throw .malformed("expected the challenge ('N'), got byte \(body.first ?? 0)")
        }
        var r = WireReader(body, offset: 1)
        do throws(WireError) {
            let flags = HandshakeFlags(rawValue: try r.u64("the flags"))
            let challenge = try r.u32("the challenge")
            let creation = try r.u32("the creation")
            let name = try nodeName(try r.take(Int(try r.u16("the name's length")), "the name"))
            return Challenge(flags: flags, challenge: challenge, creation: creation, name: name)
        } catch {
            throw .malformed("the challenge message: \(error)")
        }
    }

    static func challengeReply(challenge: UInt32, digest: [UInt8]) -> [UInt8] {
        var w = WireWriter()
        w.u8(UInt8(ascii: "r"))
        w.u32(challenge)
        w.append(digest)
        return w.bytes
    }

    static func parseChallengeReply(_ body: [UInt8]) throws(HandshakeError) -> (challenge: UInt32, digest: [UInt8]) {
        guard body.count == 21, body[0] == UInt8(ascii: "r") else {
            throw .malformed("expected a challenge reply ('r', 21 bytes), got \(body.count) bytes")
        }
        var r = WireReader(body, offset: 1)
        do throws(WireError) {
            return (try r.u32(), try r.take(16))
        } catch {
            throw .malformed("the challenge reply: \(error)")
        }
    }

    static func challengeAck(digest: [UInt8]) -> [UInt8] { [UInt8(ascii: "a")] + digest }

    static func parseChallengeAck(_ body: [UInt8]) throws(HandshakeError) -> [UInt8] {
        guard body.count == 17, body[0] == UInt8(ascii: "a") else {
            throw .malformed("expected a challenge ack ('a', 17 bytes), got \(body.count) bytes")
        }
        return Array(body.dropFirst())
    }

    /// A full node name, `alive@host`: UTF-8, one `@`, neither part empty.
    static func nodeName(_ bytes: [UInt8]) throws(WireError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self), NodeNames.isValid(text) else {
            throw .malformed(
                "an invalid node name \(String(decoding: bytes.prefix(80), as: UTF8.self).debugDescription)")
        }
        return text
    }
}

/// Full node names: `alive@host`.
enum NodeNames {
    static func isValid(_ name: String) -> Bool {
        let parts = name.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && name.utf8.count <= 255
            && !name.utf8.contains(0)
    }

    /// The part before the `@` (what EPMD knows the node as) and the host.
    static func split(_ name: String) -> (alive: String, host: String)? {
        guard isValid(name) else { return nil }
        let parts = name.split(separator: "@", omittingEmptySubsequences: false)
        return (String(parts[0]), String(parts[1]))
    }
}
