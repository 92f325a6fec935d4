print("hemi")
