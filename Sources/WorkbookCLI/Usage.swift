enum Usage {
    static let text = """
        usage: swift run workbook [command]

          list                         the chapter map: exercises done and pending, what to do next
                                       (also what plain `swift run workbook` shows)
          check [exercise]             build and run one exercise's tests (default: the next one)
          check --all                  build once, run every exercise's tests, and show where you stand
          hint <exercise> [--level N|--all]
                                       the exercise's hints, gentlest first
          watch                        re-check the current exercise whenever a .swift file under
                                       Exercises/ is saved
          reset <exercise>             put the exercise's original stub back (yours goes to .workbook/backup)
          demo [name] [--seed S] [--trace-dir DIR] [--print-trace]
                                       run a scenario in the simulator and write its trace as
                                       text, a Mermaid diagram and an HTML page
          explore [name] [--bound N] [--replay V --check C]
                                       search a scenario's delivery orders for the shortest run that
                                       breaks its invariant; print it, write its trace, and how to replay it
          book [--output DIR]          the chapters as a static site built by docc (default: book/)
          verify                       the exercises' contract, both ways (what CI runs)
          help                         this text

        Examples: swift run workbook check 0.1 · swift run workbook demo partition-heal --seed 7
        """
}
