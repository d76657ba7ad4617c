from chemref.cli import main

main()
