from jobstory.cli import run

run()
