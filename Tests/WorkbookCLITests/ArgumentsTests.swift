import Testing

@testable import WorkbookCLI

@Suite struct ArgumentsTests {
    @Test func theFirstWordIsTheCommandUnlessItIsAFlag() {
        #expect(Arguments(["check", "1.2"]).command == "check")
        #expect(Arguments(["--seed", "3"]).command == nil)
        #expect(Arguments([]).command == nil)
    }

    @Test func theOperandSkipsFlagsAndTheirValues() {
        let arguments = Arguments(["demo", "--seed", "7", "join", "--print-trace"]).rest
        #expect(arguments.firstOperand == "join")
        #expect(arguments.value(after: "--seed") == "7")
        #expect(arguments.has("--print-trace"))
        #expect(Arguments(["--trace-dir", "out"]).firstOperand == nil)
    }
}
