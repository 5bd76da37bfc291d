/// What a program using ``TermEncoder`` and ``TermDecoder`` adds to the mapping: terms of its own
/// for types this module does not know, and the coders' `userInfo`.
///
/// A program whose own types have an Erlang shape — a pid type of its own that must travel as an
/// Erlang pid, say — gives a ``TermCodingContext`` to the coder; the coder asks ``encodeSpecial``
/// (``decodeSpecial``) first for every value, before its own table. `userInfo` reaches every
/// `encode(to:)` and `init(from:)` (a distributed actor's decoder finds its actor system there).
public struct TermCodingContext: Sendable {
    /// The term for `value`, or nil to encode it the usual way.
    public var encodeSpecial: (@Sendable (Any) throws -> Term?)?
    /// A value of `type` made from `term`, or nil to decode it the usual way.
    public var decodeSpecial: (@Sendable (Any.Type, Term) throws -> Any?)?
    public var userInfo: [CodingUserInfoKey: any Sendable]

    /// A context of `userInfo` and the two hooks (nil: none). O(1).
    public init(
        userInfo: [CodingUserInfoKey: any Sendable] = [:],
        encodeSpecial: (@Sendable (Any) throws -> Term?)? = nil,
        decodeSpecial: (@Sendable (Any.Type, Term) throws -> Any?)? = nil
    ) {
        self.userInfo = userInfo
        self.encodeSpecial = encodeSpecial
        self.decodeSpecial = decodeSpecial
    }

    /// The context of the coding under way on this task (none outside a coder).
    @TaskLocal static var current: TermCodingContext?

    static var currentUserInfo: [CodingUserInfoKey: Any] { (current?.userInfo ?? [:]).mapValues { $0 as Any } }
}
