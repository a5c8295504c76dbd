"""Reading and writing payoff files: the YAML format (with positions) and Gambit ``.nfg``."""

from negotiation.files.yamldoc import YamlDoc, load_yaml, parse_yaml

__all__ = ["YamlDoc", "load_yaml", "parse_yaml"]
