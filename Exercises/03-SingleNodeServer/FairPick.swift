import Cluster
import LocalTable
import WorkbookSupport

/// ## Exercise 3.2 — A fair pick
///
/// **The situation.** A multiplayer game runs one matchmaker process per node, all in the pg2
/// group `matchmakers`, and every login asks `get_closest_pid(matchmakers)` for one. A matchmaker
/// on the player's own node answers without a network hop; a bigger matchmaker joins the group
/// twice to get twice the logins. After a refactoring, logins pile up on one matchmaker and some
/// nodes send players across the data centre — and every unit test still passes, because none of
/// them looks at *how often* each member is picked.
///
/// **Your task.** Write ``picksLikePG2(_:)`` below: a scenario that drives `picker` (see
/// ``PickerUnderTest``) and returns `true` if its picks follow pg2's rules, `false` — or throws —
/// if not. Edit only this function.
/// - The rules (rule 8 of Chapters/PG2Rules.md): exactly one local entry → that pid; two or more
///   local entries → one of them at random; none → one entry of the whole member list at random;
///   no members → ``LocalTable/PG2Error/noProcess(_:)``. "At random" is uniform over the entries
///   of the list, so a pid joined twice is picked twice as often.
/// - The tests run your scenario on chapter 3's pick, where it must return `true`, and on four
///   planted copies, where it must return `false`: one ignores the counts, one ignores locality,
///   one is not random at all, one never falls back to remote members.
/// - Picks are random, so your verdict must not depend on luck: the tests run it with four
///   different seeds for each subject, and it must be right every time. How many picks do you need
///   to tell 3 in 4 from 1 in 2, and where do you put the line?
///
/// **Why it matters in pg2.** pg2's `get_closest_pid` reads `get_local_members` and, only if that
/// is empty, `get_members`, and picks with `random_element`, by position in the list — so the
/// repeats a count puts in the list are what make it a weight. Load balancing built on
/// `get_closest_pid` is only as fair as that pick; a bias is invisible in any single call.
///
/// **Hints:** `swift run workbook hint 3.2` (three levels).
public func picksLikePG2(_ picker: PickerUnderTest) throws -> Bool {
    // TODO(3.2): check locality, the fallback, and the weights of many picks, with a margin.
    throw TODO("3.2: write a scenario that passes chapter 3's pick on every seed and catches the four unfair ones")
}
