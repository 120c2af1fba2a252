"""Layout output to a placed, fitted deck model: shapes, geometry, measuring, fonts, figures, maps."""
