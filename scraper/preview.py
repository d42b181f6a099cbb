"""`python -m scraper.preview`, as the README has long given it: the module is now
scraper.site.preview."""

from scraper.site.preview import main

if __name__ == "__main__":
    main()
