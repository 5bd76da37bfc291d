import Testing

@testable import WorkbookCLI

@Suite struct ArgumentsTests {
    @Test("The first word is the command, unless it's a flag")
    func theFirstWordIsTheCommandUnlessItIsAFlag() {
        #expect(Arguments(["check", "1.2"]).command == "check")
        #expect(Arguments(["--seed", "3"]).command == nil)
        #expect(Arguments([]).command == nil)
        #expect(Arguments(["--help"]).command == "help", "--help is the help command, not the map")
        #expect(Arguments(["-h"]).command == "help")
    }

    @Test("The operand skips flags and their values")
    func theOperandSkipsFlagsAndTheirValues() {
        let arguments = Arguments(["demo", "--seed", "7", "join", "--print-trace"]).rest
        #expect(arguments.firstOperand == "join")
        #expect(arguments.value(after: "--seed") == "7")
        #expect(arguments.has("--print-trace"))
        #expect(Arguments(["--trace-dir", "out"]).firstOperand == nil)
        #expect(Arguments(["check", "--all"]).rest.firstOperand == nil, "check --all names no exercise")
        #expect(Arguments(["check", "--all"]).rest.has("--all"))
    }
}
