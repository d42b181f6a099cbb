"""`python -m scraper.replay`, as the README has long given it: the module is now
scraper.fetching.replay."""

from scraper.fetching.replay import main

if __name__ == "__main__":
    main()
