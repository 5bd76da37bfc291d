enum Usage {
    static let text = """
        usage: swift run workbook [command]

          tour [--seed N] [--trace-dir DIR]   the substrate tour: three nodes, faults, the trace
          verify                              check the exercises both ways: solutions pass,
                                              stubs fail with their TODO (what CI runs)
          help                                this text
        """
}
