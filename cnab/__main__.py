from cnab.cli import main

main()
