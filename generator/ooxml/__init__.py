"""The OOXML vocabulary and the package: names, XML, parts to zip bytes, archives checked under bounds."""
