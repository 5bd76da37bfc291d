import Cluster
import LocalTable
import WorkbookSupport

/// ## Exercise 3.3 — The promises of the API
///
/// **The situation.** A chat service's rooms are pg2 groups, and its code leans on pg2's API in a
/// dozen places: it creates a room on every login "to be sure", deletes rooms that may already be
/// gone, treats `no_such_group` from `join` as "that room was closed", and never removes a crashed
/// connection itself. Each of those habits is correct only because of one promise of pg2's. A
/// replacement server that breaks any one of them breaks the service in a way no type checker sees.
///
/// **Your task.** Write ``keepsPG2sPromises(_:)`` below: a scenario that drives `pg2` (see
/// ``PG2UnderTest``) and returns `true` if it keeps the promises the chat service relies on,
/// `false` — or throws — if it breaks one. Edit only this function.
/// - The tests run it in a simulation, on chapter 3's pg2 (it must return `true`) and on four
///   planted copies, each breaking one promise (it must return `false`): one lets `join` succeed
///   for a group that does not exist, one's `create` is not idempotent, one's `delete` fails for
///   an unknown group, one's server never learns that a member died.
/// - Make processes with `pg2.spawn()`; `pg2.kill` returns once the node has had time to handle
///   the death.
/// - To expect an error: `do { try await …; return false } catch PG2Error.noSuchGroup(let name) { … }`.
///
/// **Why it matters in pg2.** These are rules 1, 2, 3 and 11 of Chapters/PG2Rules.md, and each
/// lives in a particular place in pg2.erl: `create/1` returns at once when the group exists and
/// `assure_group` only ever adds; `delete/1` never looks before it writes; `join/2` checks
/// `ets:member` in the caller before any message is sent; and `handle_info` turns each `'DOWN'`
/// into `member_died`. A test that checks each promise through the API is what lets you replace
/// the code behind it.
///
/// **Hints:** `swift run workbook hint 3.3` (three levels).
public func keepsPG2sPromises(_ pg2: PG2UnderTest) async throws -> Bool {
    // One promise after the other, each in the shape the chat service relies on; any call that
    // throws where pg2 would not ends the scenario with that error, which counts as "broken".
    let alice = pg2.spawn(), bob = pg2.spawn()
    do {
        try await pg2.join("general", alice)  // rule 3: no group, no join
        return false
    } catch PG2Error.noSuchGroup(let name) where name == "general" {}
    try await pg2.delete("general")  // rule 2: ok for a group nobody has
    try await pg2.create("general")
    try await pg2.join("general", alice)
    try await pg2.join("general", bob)
    try await pg2.create("general")  // rule 1: the room, and who is in it, stay as they are
    guard try pg2.members("general") == [alice, bob].sorted() else { return false }
    try await pg2.kill(alice)  // rule 11: the server removes the dead member by itself
    return try pg2.members("general") == [bob] && pg2.whichGroups() == ["general"]
}
