"""nlp/claims"""
