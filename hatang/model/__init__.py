"""The data model: table schemas, codes (operators, technologies), periods and names."""
