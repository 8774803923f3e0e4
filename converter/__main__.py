from converter.cli import main

main(prog_name="spec2connector")
