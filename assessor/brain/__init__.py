"""Parts of the advice that stand on their own: the DORA delivery profile and the
public reference levels. `assessor.advice.advise` puts them into the Advice."""
