print("nsbackup")
