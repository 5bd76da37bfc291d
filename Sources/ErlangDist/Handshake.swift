/// The handshake: how two nodes come to trust each other before a single message flows.
///
/// Trust in distributed Erlang is one shared secret, the **cookie**. Neither side ever sends it.
/// The acceptor sends a random challenge; the dialler answers with `MD5(cookie ++ challenge)` and
/// a challenge of its own, which the acceptor answers in turn. Each side has then shown it knows
/// the cookie. A wrong digest ends the handshake: the acceptor simply closes the socket, and
/// Erlang's `net_adm:ping` says `pang`.
///
/// Before the challenge the acceptor decides whether to go on at all (``AcceptDecision``): it may
/// already be dialling the same node (a simultaneous connect: the greater name keeps its own
/// attempt) or already be connected to it (`alive`: the dialler says whether that connection is
/// stale). Both sides also check the flags: a peer lacking a mandatory one is refused, with a log
/// line naming what it lacks.
enum Handshake {
    /// Who this node is, for the handshake.
    struct Identity: Sendable {
        var name: String
        var flags: HandshakeFlags
        var creation: UInt32
        var cookie: String
    }

    /// What the handshake learned of the peer.
    struct Peer: Sendable, Equatable {
        var name: String
        var flags: HandshakeFlags
        var creation: UInt32
    }

    /// The acceptor's answer to a dialler's name.
    enum AcceptDecision: String {
        /// Go on.
        case ok
        /// Go on; this node drops its own attempt to dial the peer.
        case okSimultaneous = "ok_simultaneous"
        /// Stop: this node's own attempt to dial the peer wins.
        case nok
        /// Stop: this node will not talk to that peer.
        case notAllowed = "not_allowed"
        /// Already connected: the dialler says whether to replace that connection.
        case alive
    }

    /// Dials: introduces `me` to the node `expected` on `channel`. `stillAlive` answers an
    /// `alive` status: whether this node has a live connection to the peer (then the new one is
    /// abandoned).
    static func dial(
        _ channel: HandshakeChannel, me: Identity, expected: String,
        stillAlive: (String) -> Bool
    ) throws(HandshakeError) -> Peer {
        try channel.send(HandshakeMessages.name(.init(flags: me.flags, creation: me.creation, name: me.name)))
        let status = try HandshakeMessages.parseStatus(try channel.receive("the status"))
        switch status {
        case "ok", "ok_simultaneous": break
        case "alive":
            let keep = stillAlive(expected)
            try channel.send(HandshakeMessages.status(keep ? "false" : "true"))
            if keep { throw .refused("alive", by: expected) }
        default: throw .refused(status, by: expected)
        }
        let challenge = try HandshakeMessages.parseChallenge(try channel.receive("the challenge"))
        guard challenge.name == expected else { throw .wrongName(expected: expected, got: challenge.name) }
        try checkFlags(challenge.flags, of: challenge.name)
        let mine = UInt32.random(in: 0...UInt32.max)
        try channel.send(
            HandshakeMessages.challengeReply(
                challenge: mine, digest: MD5.digest(cookie: me.cookie, challenge: challenge.challenge)))
        let ack: [UInt8]
        do {
            ack = try HandshakeMessages.parseChallengeAck(try channel.receive("the challenge ack"))
        } catch .io(.closed) {
            throw .wrongCookie(challenge.name, "it closed the connection after our challenge reply")
        }
        guard ack == MD5.digest(cookie: me.cookie, challenge: mine) else {
            throw .wrongCookie(challenge.name, "its challenge ack does not match our cookie")
        }
        return Peer(name: challenge.name, flags: challenge.flags, creation: challenge.creation)
    }

    /// Accepts: answers a dialler on `channel`. `decide` sees the dialler's name and chooses the
    /// status; `replaced` runs when the dialler confirmed that an `alive` connection is stale.
    static func accept(
        _ channel: HandshakeChannel, me: Identity,
        decide: (String) -> AcceptDecision,
        replaced: (String) -> Void
    ) throws(HandshakeError) -> Peer {
        let hello = try HandshakeMessages.parseName(try channel.receive("the dialler's name"))
        try checkFlags(hello.flags, of: hello.name)
        guard hello.name != me.name else { throw .refused("not_allowed", by: "us: the dialler claims our own name") }
        let decision = decide(hello.name)
        try channel.send(HandshakeMessages.status(decision.rawValue))
        switch decision {
        case .ok, .okSimultaneous: break
        case .nok, .notAllowed: throw .declined(decision.rawValue, hello.name)
        case .alive:
            let answer = try HandshakeMessages.parseStatus(try channel.receive("the answer to alive"))
            guard answer == "true" else { throw .declined("alive (the dialler keeps its connection)", hello.name) }
            replaced(hello.name)
        }
        let mine = UInt32.random(in: 0...UInt32.max)
        try channel.send(
            HandshakeMessages.challenge(
                .init(flags: me.flags, challenge: mine, creation: me.creation, name: me.name)))
        let reply = try HandshakeMessages.parseChallengeReply(try channel.receive("the challenge reply"))
        guard reply.digest == MD5.digest(cookie: me.cookie, challenge: mine) else {
            throw .wrongCookie(hello.name, "its challenge reply does not match our cookie")
        }
        try channel.send(
            HandshakeMessages.challengeAck(
                digest: MD5.digest(cookie: me.cookie, challenge: reply.challenge)))
        return Peer(name: hello.name, flags: hello.flags, creation: hello.creation)
    }

    static func checkFlags(_ flags: HandshakeFlags, of peer: String) throws(HandshakeError) {
        let missing = HandshakeFlags.mandatory.subtracting(flags)
        if !missing.isEmpty { throw .missingFlags(peer, missing) }
    }
}

/// Why a handshake failed: each case reads as a log line.
enum HandshakeError: Error, CustomStringConvertible {
    case io(SocketError)
    case malformed(String)
    case unsupported(String)
    case missingFlags(String, HandshakeFlags)
    case wrongCookie(String, String)
    case wrongName(expected: String, got: String)
    /// The peer answered this status and the handshake stopped.
    case refused(String, by: String)
    /// This node answered this status and stopped.
    case declined(String, String)
    case timedOut(String)

    var description: String {
        switch self {
        case .io(let error): "handshake I/O: \(error)"
        case .malformed(let what): "garbage in the handshake: \(what)"
        case .unsupported(let what): "unsupported handshake: \(what)"
        case .missingFlags(let peer, let flags):
            "\(peer) cannot handle \(flags.names) (mandatory distribution flags it did not announce): refused"
        case .wrongCookie(let peer, let why): "wrong cookie with \(peer): \(why)"
        case .wrongName(let expected, let got): "dialled \(expected) but \(got) answered"
        case .refused(let status, let peer): "\(peer) answered '\(status)'"
        case .declined(let status, let peer): "answered '\(status)' to \(peer)"
        case .timedOut(let what): "handshake timed out waiting for \(what)"
        }
    }
}

/// A socket during the handshake: `Len:16` messages, every read bounded by one deadline.
struct HandshakeChannel {
    let socket: Socket
    let deadline: ContinuousClock.Instant

    init(socket: Socket, timeout: Duration) {
        self.socket = socket
        self.deadline = .now + timeout
        socket.setReceiveTimeout(.milliseconds(100))
    }

    func send(_ body: [UInt8]) throws(HandshakeError) {
        var w = WireWriter(capacity: body.count + 2)
        w.u16(UInt16(body.count))
        w.append(body)
        do { try socket.write(w.bytes) } catch { throw .io(error) }
    }

    func receive(_ what: String) throws(HandshakeError) -> [UInt8] {
        let idle = { () throws(SocketError) in
            if ContinuousClock.now > deadline { throw .timedOut(what) }
        }
        do {
            let header = try socket.read(exactly: 2, idle: idle)
            let length = Int(header[0]) << 8 | Int(header[1])
            guard length > 0 else { throw HandshakeError.malformed("an empty message where \(what) belongs") }
            return try socket.read(exactly: length, idle: idle)
        } catch let error as SocketError {
            if case .timedOut = error { throw .timedOut(what) }
            throw .io(error)
        } catch let error as HandshakeError {
            throw error
        } catch {
            throw .malformed("\(error)")
        }
    }
}
