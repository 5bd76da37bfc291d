/// The capability flags two nodes exchange in the handshake.
///
/// Each node says what it can speak; the connection then uses what both said. Some flags are
/// not optional: an OTP 25 node refuses a peer that lacks any of ``mandatory`` (OTP 26 adds
/// ``unlinkID`` and ``v4NC``, OTP 27 ``mandatory25Digest``). This node announces exactly
/// ``swiftNode``: the mandatory set, plus what it implements, and nothing that would change the
/// wire (no atom cache, no fragments, no aliases), so every frame stays a plain `'p'` frame.
public struct HandshakeFlags: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt64
    /// The flags whose bits are set in `rawValue`. O(1).
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// Erlang's `nodes()` lists the node (a hidden node leaves it out).
    public static let published = HandshakeFlags(rawValue: 0x1)
    public static let atomCache = HandshakeFlags(rawValue: 0x2)
    public static let extendedReferences = HandshakeFlags(rawValue: 0x4)
    /// Monitors between processes of different nodes (MONITOR_P).
    public static let distMonitor = HandshakeFlags(rawValue: 0x8)
    public static let funTags = HandshakeFlags(rawValue: 0x10)
    /// Monitors by registered name.
    public static let distMonitorName = HandshakeFlags(rawValue: 0x20)
    public static let hiddenAtomCache = HandshakeFlags(rawValue: 0x40)
    public static let newFunTags = HandshakeFlags(rawValue: 0x80)
    public static let extendedPidsPorts = HandshakeFlags(rawValue: 0x100)
    public static let exportPtrTag = HandshakeFlags(rawValue: 0x200)
    public static let bitBinaries = HandshakeFlags(rawValue: 0x400)
    public static let newFloats = HandshakeFlags(rawValue: 0x800)
    public static let unicodeIO = HandshakeFlags(rawValue: 0x1000)
    public static let distHeaderAtomCache = HandshakeFlags(rawValue: 0x2000)
    public static let smallAtomTags = HandshakeFlags(rawValue: 0x4000)
    public static let utf8Atoms = HandshakeFlags(rawValue: 0x10000)
    public static let mapTag = HandshakeFlags(rawValue: 0x20000)
    public static let bigCreation = HandshakeFlags(rawValue: 0x40000)
    public static let sendSender = HandshakeFlags(rawValue: 0x80000)
    public static let bigSeqTraceLabels = HandshakeFlags(rawValue: 0x100000)
    public static let exitPayload = HandshakeFlags(rawValue: 0x400000)
    public static let fragments = HandshakeFlags(rawValue: 0x800000)
    public static let handshake23 = HandshakeFlags(rawValue: 0x1000000)
    /// The link protocol with unlink identifiers (UNLINK_ID / UNLINK_ID_ACK).
    public static let unlinkID = HandshakeFlags(rawValue: 0x2000000)
    public static let mandatory25Digest = HandshakeFlags(rawValue: 0x4000000)
    public static let spawn = HandshakeFlags(rawValue: 1 << 32)
    public static let nameMe = HandshakeFlags(rawValue: 2 << 32)
    /// Version 4 node containers: 64-bit port ids, references of up to 5 words.
    public static let v4NC = HandshakeFlags(rawValue: 4 << 32)
    public static let alias = HandshakeFlags(rawValue: 8 << 32)

    /// What OTP 25 requires of every peer (0x1070F94).
    public static let mandatory: HandshakeFlags = [
        .extendedReferences, .funTags, .newFunTags, .extendedPidsPorts, .exportPtrTag, .bitBinaries,
        .newFloats, .utf8Atoms, .mapTag, .bigCreation, .handshake23,
    ]

    /// What a Swift node announces: 0x4_0707_0FBD.
    public static let swiftNode: HandshakeFlags = mandatory.union([
        .published, .distMonitor, .distMonitorName, .unlinkID, .mandatory25Digest, .v4NC,
    ])

    private static let names: [(HandshakeFlags, String)] = [
        (.published, "PUBLISHED"), (.atomCache, "ATOM_CACHE"), (.extendedReferences, "EXTENDED_REFERENCES"),
        (.distMonitor, "DIST_MONITOR"), (.funTags, "FUN_TAGS"), (.distMonitorName, "DIST_MONITOR_NAME"),
        (.hiddenAtomCache, "HIDDEN_ATOM_CACHE"), (.newFunTags, "NEW_FUN_TAGS"),
        (.extendedPidsPorts, "EXTENDED_PIDS_PORTS"), (.exportPtrTag, "EXPORT_PTR_TAG"),
        (.bitBinaries, "BIT_BINARIES"), (.newFloats, "NEW_FLOATS"), (.unicodeIO, "UNICODE_IO"),
        (.distHeaderAtomCache, "DIST_HDR_ATOM_CACHE"), (.smallAtomTags, "SMALL_ATOM_TAGS"),
        (.utf8Atoms, "UTF8_ATOMS"), (.mapTag, "MAP_TAG"), (.bigCreation, "BIG_CREATION"),
        (.sendSender, "SEND_SENDER"), (.bigSeqTraceLabels, "BIG_SEQTRACE_LABELS"),
        (.exitPayload, "EXIT_PAYLOAD"), (.fragments, "FRAGMENTS"), (.handshake23, "HANDSHAKE_23"),
        (.unlinkID, "UNLINK_ID"), (.mandatory25Digest, "MANDATORY_25_DIGEST"), (.spawn, "SPAWN"),
        (.nameMe, "NAME_ME"), (.v4NC, "V4_NC"), (.alias, "ALIAS"),
    ]

    /// The flags' names as OTP spells them, e.g. `["MAP_TAG", "UTF8_ATOMS"]`.
    public var names: [String] {
        var result = Self.names.filter { contains($0.0) }.map(\.1)
        let known = Self.names.reduce(HandshakeFlags()) { $0.union($1.0) }
        let unknown = subtracting(known).rawValue
        if unknown != 0 { result.append("0x" + String(unknown, radix: 16)) }
        return result
    }

    public var description: String { "0x" + String(rawValue, radix: 16) + " " + names.joined(separator: "|") }
}
