enum Usage {
    static let text = """
        usage: swift run workbook [command]

          tour [--seed N] [--trace-dir DIR]   the substrate tour: three nodes, faults, the trace
          hint <exercise> [--level N|--all]   an exercise's hints, gentle first (e.g. hint 1.1)
          verify                              check the exercises both ways: solutions pass,
                                              stubs fail with their TODO (what CI runs)
          help                                this text
        """
}
