"""The housing pages: public (areas, rules, segregation), administrators' and intergenerational."""
